import type { Context } from '../context.js';
import { newId } from '../ids.js';

export type AuditKind = 'login' | 'logout' | 'refresh_reuse' | 'revoked' | 'connect' | 'disconnect';

/**
 * Records a login/logout/connection event. It goes through the persistence log and the batched
 * writer, never as an insert on the request path; a failure to record never fails the request.
 */
export function audit(
  ctx: Context,
  e: {
    userId: string;
    deviceId?: string | null;
    kind: AuditKind;
    transport?: string | null;
    remoteAddr?: string | null;
  },
): void {
  ctx.persistence
    .append([
      {
        t: 'audit',
        shardKey: e.userId,
        id: newId(),
        userId: e.userId,
        deviceId: e.deviceId ?? null,
        kind: e.kind,
        transport: e.transport ?? null,
        gate: ctx.gateId,
        remoteAddr: e.remoteAddr ?? null,
        at: ctx.now(),
      },
    ])
    .catch((err: unknown) => ctx.log.warn({ err: (err as Error).message }, 'audit record not written'));
}
