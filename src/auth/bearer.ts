/**
 * The one rule for where a request carries its access token: the `Authorization: Bearer` header;
 * failing that, where the contract allows it (the streaming GETs `/v1/sync` and `/v1/events`, and the
 * WebSocket upgrade, which browsers cannot give headers), the `access_token` query parameter. On a
 * WebSocket, a login frame that carries a token uses it instead of the upgrade's.
 */
export function bearerToken(
  authorization: string | undefined,
  queryToken: string | null | undefined,
  allowQuery: boolean,
): string | undefined {
  if (authorization?.startsWith('Bearer ')) return authorization.slice(7).trim();
  if (allowQuery && typeof queryToken === 'string') return queryToken;
  return undefined;
}
