import type { User } from '../../../client/index.js';
import { byId, errorText, fill, h, notify } from '../dom.js';
import { lastSeen } from '../format.js';
import type { SidebarDeps } from './sidebar.js';

/**
 * Friends with presence and what can be done with each (chat, remove, block), friend requests both
 * ways, and the blocked list. Every action goes to the gateway; a refusal is shown in its words, and
 * the lists are drawn again from the gateway's answer or the events that follow.
 */
export class People {
  constructor(private readonly d: SidebarDeps) {
    d.store.on('friends', () => this.friends());
    d.store.on('requests', () => this.requests());
    d.store.on('blocks', () => this.blocked());
  }

  render(): void {
    this.friends();
    this.requests();
    this.blocked();
  }

  /** The button for someone found by a search: add, accept, unblock, or their state. */
  actionFor(u: User): HTMLElement {
    const { store } = this.d;
    const state = (text: string) =>
      h('button', { type: 'button', 'data-action': 'add', disabled: true, 'data-state': text.toLowerCase() }, text);
    if (u.id === store.me.id) return state('You');
    if (store.friends.has(u.id)) return state('Friend');
    if (store.blocked.has(u.id))
      return h(
        'button',
        { type: 'button', class: 'secondary', 'data-action': 'unblock', onclick: () => void this.unblock(u) },
        'Unblock',
      );
    if (store.requests.outgoing.some((r) => r.to === u.id)) return state('Sent');
    const theirs = store.requests.incoming.some((r) => r.from === u.id);
    const add = h(
      'button',
      {
        type: 'button',
        'data-action': 'add',
        'aria-label': theirs ? `Accept ${u.username}'s request` : `Add ${u.username} as a friend`,
      },
      theirs ? 'Accept' : 'Add',
    );
    add.addEventListener('click', () => void this.request(u, add));
    return add;
  }

  private async request(u: User, button: HTMLButtonElement): Promise<void> {
    button.disabled = true;
    try {
      const r = await this.d.client.api.sendFriendRequest(u.id);
      this.d.store.users.set(u.id, u);
      if (r.accepted) notify(`You and ${u.displayName || u.username} are friends now.`);
      await this.d.reloadPeople();
    } catch (err) {
      button.disabled = false;
      notify(`Could not send the request: ${errorText(err)}`);
    }
  }

  private friends(): void {
    const { store } = this.d;
    const items = [...store.friends.values()]
      .sort((a, b) => Number(b.online) - Number(a.online) || a.user.username.localeCompare(b.user.username))
      .map((f) => {
        const name = f.user.displayName || f.user.username;
        return h(
          'li',
          {
            class: 'person',
            'data-testid': 'friend',
            'data-user-id': f.user.id,
            'data-online': f.online ? 'true' : 'false',
          },
          h('span', { class: f.online ? 'presence online' : 'presence', 'aria-hidden': 'true' }),
          h(
            'span',
            { class: 'name', title: f.online ? 'online' : lastSeen(f.lastSeen) },
            name,
            h('span', { class: 'sr-only' }, f.online ? ' (online)' : ` (${lastSeen(f.lastSeen)})`),
          ),
          h(
            'button',
            {
              type: 'button',
              'data-action': 'chat',
              'aria-label': `Chat with ${f.user.username}`,
              onclick: () => this.d.open(store.directWith(f.user.id)),
            },
            'Chat',
          ),
          h(
            'details',
            { class: 'menu' },
            h('summary', { 'aria-label': `More for ${f.user.username}`, 'data-action': 'more' }, '⋯'),
            h(
              'div',
              { class: 'menu-panel' },
              h(
                'button',
                {
                  type: 'button',
                  class: 'secondary',
                  'data-action': 'unfriend',
                  onclick: () => void this.unfriend(f.user),
                },
                'Remove friend',
              ),
              h(
                'button',
                { type: 'button', class: 'danger', 'data-action': 'block', onclick: () => void this.block(f.user) },
                'Block',
              ),
            ),
          ),
        );
      });
    fill(byId('friend-list'), ...(items.length ? items : [h('li', { class: 'muted' }, 'No friends yet.')]));
  }

  private requests(): void {
    const { store, client } = this.d;
    const answer = (id: string, accept: boolean) => async () => {
      try {
        await (accept ? client.api.acceptFriendRequest(id) : client.api.rejectFriendRequest(id));
        await this.d.reloadPeople();
      } catch (err) {
        notify(`Could not answer the request: ${errorText(err)}`);
      }
    };
    const incoming = store.requests.incoming.map((r) =>
      h(
        'li',
        { class: 'person', 'data-testid': 'incoming-request', 'data-user-id': r.from },
        h(
          'span',
          { class: 'name' },
          `${store.nameOf(r.from)} wants to be friends`,
          r.message ? h('span', { class: 'muted' }, ` — “${r.message}”`) : null,
        ),
        h('button', { type: 'button', 'data-action': 'accept', onclick: answer(r.id, true) }, 'Accept'),
        h(
          'button',
          { type: 'button', class: 'secondary', 'data-action': 'reject', onclick: answer(r.id, false) },
          'Reject',
        ),
      ),
    );
    const outgoing = store.requests.outgoing.map((r) =>
      h(
        'li',
        { class: 'person muted', 'data-testid': 'outgoing-request', 'data-user-id': r.to },
        `Request sent to ${store.nameOf(r.to)}`,
      ),
    );
    fill(byId('request-list'), ...incoming, ...outgoing);
    byId('requests-empty').hidden = incoming.length + outgoing.length > 0;
  }

  private blocked(): void {
    const { store } = this.d;
    const items = [...store.blocked].map((id) =>
      h(
        'li',
        { class: 'person', 'data-testid': 'blocked', 'data-user-id': id },
        h('span', { class: 'name' }, store.nameOf(id)),
        h(
          'button',
          {
            type: 'button',
            class: 'secondary',
            'data-action': 'unblock',
            onclick: () => void this.unblock(store.users.get(id) ?? { id, username: id, displayName: '' }),
          },
          'Unblock',
        ),
      ),
    );
    fill(byId('blocked-list'), ...items);
    byId('blocked-section').hidden = items.length === 0;
  }

  private async unfriend(u: User): Promise<void> {
    try {
      await this.d.client.api.removeFriend(u.id);
      await this.d.reloadPeople();
      notify(`${u.displayName || u.username} is no longer your friend.`);
    } catch (err) {
      notify(`Could not remove ${u.username}: ${errorText(err)}`);
    }
  }

  private async block(u: User): Promise<void> {
    try {
      await this.d.client.api.block(u.id);
      await this.d.reloadPeople();
      notify(`${u.displayName || u.username} is blocked: no messages or requests from them reach you.`);
    } catch (err) {
      notify(`Could not block ${u.username}: ${errorText(err)}`);
    }
  }

  private async unblock(u: User): Promise<void> {
    try {
      await this.d.client.api.unblock(u.id);
      await this.d.reloadPeople();
    } catch (err) {
      notify(`Could not unblock ${u.username}: ${errorText(err)}`);
    }
  }
}
