import type { ImClient, Message, User } from '../../../client/index.js';
import { byId, errorText, fill, h, notify } from '../dom.js';
import type { Conv, Store } from '../state.js';
import { fileRef } from '../files.js';

export interface SidebarDeps {
  store: Store;
  client: ImClient;
  open(c: Conv): void;
  /** The conversation on screen, for aria-current. */
  currentId(): string | undefined;
  /** Reloads friends and requests (after an answer). */
  reloadPeople(): Promise<void>;
}

function preview(m: Message | null): string {
  if (!m) return 'No messages yet';
  if (m.recalled) return 'Message recalled';
  if (m.contentType === 'image' || m.contentType === 'file') {
    const name = fileRef(m.content)?.name;
    return `${m.contentType === 'image' ? 'Image' : 'File'}${name ? `: ${name}` : ''}`;
  }
  return m.content.length > 60 ? `${m.content.slice(0, 60)}…` : m.content;
}

/** Conversations, friends with presence, friend requests, people search and group creation. */
export class Sidebar {
  constructor(private readonly d: SidebarDeps) {
    d.store.on('conversations', () => this.conversations());
    d.store.on('friends', () => {
      this.friends();
      this.groupForm();
    });
    d.store.on('requests', () => this.requests());
    byId('search-form').addEventListener('submit', (ev) => {
      ev.preventDefault();
      void this.search(byId<HTMLInputElement>('search-input').value.trim());
    });
    byId('group-form').addEventListener('submit', (ev) => {
      ev.preventDefault();
      void this.createGroup();
    });
  }

  conversations(): void {
    const { store } = this.d;
    const items = store.sortedConvs().map((c) => {
      const unread =
        c.unread > 0
          ? h('span', { class: 'badge', 'data-testid': 'unread', 'aria-label': `${c.unread} unread` }, c.unread)
          : null;
      return h(
        'li',
        {},
        h(
          'button',
          {
            type: 'button',
            class: 'conv',
            'data-testid': 'conversation',
            'data-conversation-id': c.id,
            'aria-current': c.id === this.d.currentId() ? 'true' : undefined,
            onclick: () => this.d.open(c),
          },
          h('span', { class: 'conv-title' }, c.kind === 'group' ? `# ${store.title(c)}` : store.title(c)),
          unread,
          h('span', { class: 'conv-preview' }, preview(c.lastMessage)),
        ),
      );
    });
    fill(
      byId('conversation-list'),
      ...(items.length ? items : [h('li', { class: 'muted' }, 'No chats yet — add a friend below.')]),
    );
  }

  friends(): void {
    const { store } = this.d;
    const items = [...store.friends.values()]
      .sort((a, b) => Number(b.online) - Number(a.online) || a.user.username.localeCompare(b.user.username))
      .map((f) =>
        h(
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
            { class: 'name' },
            f.user.displayName || f.user.username,
            h('span', { class: 'sr-only' }, f.online ? ' (online)' : ' (offline)'),
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
        ),
      );
    fill(byId('friend-list'), ...(items.length ? items : [h('li', { class: 'muted' }, 'No friends yet.')]));
  }

  requests(): void {
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

  private async search(query: string): Promise<void> {
    const { store, client } = this.d;
    const out = byId('search-results');
    if (!query) return fill(out);
    try {
      const { users } = await client.api.searchUsers(query);
      const row = (u: User) => {
        const known = u.id === store.me.id || store.friends.has(u.id);
        const add = h(
          'button',
          { type: 'button', 'data-action': 'add', disabled: known, 'aria-label': `Add ${u.username} as a friend` },
          known ? 'Friend' : 'Add',
        );
        add.addEventListener('click', async () => {
          add.disabled = true;
          try {
            await client.api.sendFriendRequest(u.id);
            add.textContent = 'Sent';
            store.users.set(u.id, u);
            await this.d.reloadPeople();
          } catch (err) {
            add.disabled = false;
            notify(`Could not send the request: ${errorText(err)}`);
          }
        });
        return h(
          'li',
          { class: 'person', 'data-testid': 'search-result', 'data-username': u.username },
          h(
            'span',
            { class: 'name' },
            u.username,
            u.displayName && u.displayName !== u.username ? h('span', { class: 'muted' }, ` (${u.displayName})`) : null,
          ),
          add,
        );
      };
      fill(out, ...(users.length ? users.map(row) : [h('li', { class: 'muted' }, 'Nobody found.')]));
    } catch (err) {
      notify(`Search failed: ${errorText(err)}`);
    }
  }

  groupForm(): void {
    const boxes = [...this.d.store.friends.values()].map((f) =>
      h(
        'label',
        { class: 'check' },
        h('input', { type: 'checkbox', name: 'member', value: f.user.id }),
        ` ${f.user.displayName || f.user.username}`,
      ),
    );
    fill(
      byId('group-members'),
      ...(boxes.length ? boxes : [h('span', { class: 'muted' }, 'Add friends to invite them.')]),
    );
  }

  private async createGroup(): Promise<void> {
    const { store, client } = this.d;
    const name = byId<HTMLInputElement>('group-name');
    const ids = [...byId('group-members').querySelectorAll<HTMLInputElement>('input[name=member]:checked')].map(
      (i) => i.value,
    );
    if (!name.value.trim()) return;
    try {
      const { group } = await client.api.createGroup(name.value.trim(), ids);
      name.value = '';
      store.setGroups([group]);
      this.groupForm();
      this.d.open(store.conv(`g:${group.id}`));
    } catch (err) {
      notify(`Could not create the group: ${errorText(err)}`);
    }
  }
}
