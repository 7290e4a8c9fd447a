import { badRequest, forbidden, notFound } from '../errors.js';
import { directConversationId, groupConversationId } from '../ids.js';
import * as social from '../store/social.js';
import * as groups from '../store/groups.js';
import * as users from '../store/users.js';
import type { SendStep } from './types.js';

/** Direct messages need friendship and no block either way; group messages need membership. Sets the recipients. */
export const authorize: SendStep = {
  name: 'authorize',
  async run(s) {
    const { sql } = s.ctx;
    const from = s.sender.userId;
    const to = s.request.to;
    if (s.request.kind === 'direct') {
      if (to === from) throw badRequest('to: cannot message yourself');
      const [friends, blocked] = await Promise.all([social.areFriends(sql, from, to), social.blockedEitherWay(sql, from, to)]);
      if (blocked) throw forbidden('one of you blocked the other');
      if (!friends) {
        if (!(await users.getUser(sql, to))) throw notFound('no such user');
        throw forbidden('you can only message friends');
      }
      s.conversationId = directConversationId(from, to);
      s.recipients = [from, to];
      return;
    }
    const members = await groups.memberIds(sql, to);
    if (members.length === 0) throw notFound('no such group');
    if (!members.includes(from)) throw forbidden('not a member of this group');
    s.conversationId = groupConversationId(to);
    s.recipients = members;
  },
};
