import type { Context } from '../context.js';
import type { BrokerFault } from '../broker/faults.js';

/**
 * A gate's account of a fault its broker survived: an error line in its log and a count on its
 * /metrics. Nothing reaches a client; the broker has already carried on.
 */
export function reportFault(ctx: Pick<Context, 'log' | 'metrics'>, fault: BrokerFault): void {
  if (fault.kind === 'listener') {
    ctx.metrics.listenerErrors.inc();
    ctx.log.error(
      { err: fault.error, userId: fault.userId },
      'a notice listener threw; the notice still reached the other listeners',
    );
    return;
  }
  ctx.metrics.undecodablePayloads.inc({ what: fault.what });
  ctx.log.error(
    { what: fault.what, userId: fault.userId, ...(fault.id === undefined ? {} : { id: fault.id }) },
    fault.what === 'notice'
      ? 'a notice did not decode and was dropped: the user’s live connections on this gate did not hear it'
      : 'an inbox entry did not decode and was skipped; readers move past it',
  );
}
