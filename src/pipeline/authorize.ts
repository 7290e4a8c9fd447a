import type { Sql } from '../store/db.js';
import { badRequest, forbidden, notFound } from '../errors.js';
import { directConversationId, groupConversationId } from '../ids.js';
import * as groups from '../store/groups.js';
import * as users from '../store/users.js';
import { AuthzCache } from './authz-cache.js';
import type { SendStep } from './types.js';

interface PairFacts {
  friends: boolean;
  blocked: boolean;
}

/** Friendship and blocks of a pair in one round trip. */
async function pairFacts(sql: Sql, a: string, b: string): Promise<PairFacts> {
  const rows = await sql<PairFacts[]>`
    select
      exists(select 1 from friendships where user_id = ${a} and friend_id = ${b}) as friends,
      exists(select 1 from blocks where (user_id = ${a} and blocked_id = ${b}) or (user_id = ${b} and blocked_id = ${a})) as blocked`;
  return rows[0]!;
}

/** The authorize step and the caches behind it (one per pipeline, i.e. per gate). */
export class Authorizer implements SendStep {
  readonly name = 'authorize';
  readonly pairs = new AuthzCache<PairFacts>(2000, 300_000);
  readonly groups = new AuthzCache<string[]>(2000, 300_000);

  /** Direct messages need friendship and no block either way; group messages need membership. Sets the recipients. */
  async run(s: Parameters<SendStep['run']>[0]): Promise<void> {
    const { sql } = s.ctx;
    const from = s.sender.userId;
    const to = s.request.to;
    if (s.request.kind === 'direct') {
      if (to === from) throw badRequest('to: cannot message yourself');
      const facts = await this.pairs.get(from < to ? `${from}|${to}` : `${to}|${from}`, () => pairFacts(sql, from, to));
      if (facts.blocked) throw forbidden('one of you blocked the other');
      if (!facts.friends) {
        if (!(await users.getUser(sql, to))) throw notFound('no such user');
        throw forbidden('you can only message friends');
      }
      s.conversationId = directConversationId(from, to);
      s.recipients = [from, to];
      return;
    }
    const members = await this.groups.get(`g|${to}`, () => groups.memberIds(sql, to));
    if (members.length === 0) throw notFound('no such group');
    if (!members.includes(from)) throw forbidden('not a member of this group');
    s.conversationId = groupConversationId(to);
    s.recipients = members;
  }

  /** Drops what is cached about a user or a group (after a block, unfriend or membership change). */
  invalidate(id: string): void {
    this.pairs.invalidate(id);
    this.groups.invalidate(id);
  }
}
