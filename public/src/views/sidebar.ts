import type { ImClient, Message, User } from '../../../client/index.js';
import { byId, errorText, fill, h, notify } from '../dom.js';
import type { Conv, Store } from '../state.js';
import { fileRef } from '../files.js';
import { People } from './people.js';

export interface SidebarDeps {
  store: Store;
  client: ImClient;
  open(c: Conv): void;
  /** The conversation on screen, for aria-current. */
  currentId(): string | undefined;
  /** Reloads friends, requests and blocks (after an answer). */
  reloadPeople(): Promise<void>;
}

function preview(m: Message | null): string {
  if (!m) return 'No messages yet';
  if (m.recalled) return 'Message recalled';
  if (m.contentType === 'image' || m.contentType === 'file') {
    const name = fileRef(m.content)?.name;
    return `${m.contentType === 'image' ? 'Image' : 'File'}${name ? `: ${name}` : ''}`;
  }
  const line = m.content.replace(/\s+/g, ' ');
  return line.length > 60 ? `${line.slice(0, 60)}…` : line;
}

/** Conversations, people (friends, requests, blocks), people search and group creation. */
export class Sidebar {
  private readonly people: People;
  /** The last search's results, drawn again as friendships and requests change. */
  private found: User[] | null = null;

  constructor(private readonly d: SidebarDeps) {
    this.people = new People(d);
    d.store.on('conversations', () => this.conversations());
    d.store.on('friends', () => {
      this.groupForm();
      this.results();
    });
    d.store.on('requests', () => this.results());
    d.store.on('blocks', () => this.results());
    byId('search-form').addEventListener('submit', (ev) => {
      ev.preventDefault();
      void this.search(byId<HTMLInputElement>('search-input').value.trim());
    });
    byId('group-form').addEventListener('submit', (ev) => {
      ev.preventDefault();
      void this.createGroup();
    });
  }

  /** Draws everything once (later changes redraw their part). */
  render(): void {
    this.conversations();
    this.people.render();
    this.groupForm();
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

  private async search(query: string): Promise<void> {
    if (!query) {
      this.found = null;
      return fill(byId('search-results'));
    }
    try {
      this.found = (await this.d.client.api.searchUsers(query)).users;
      for (const u of this.found) if (!this.d.store.users.has(u.id)) this.d.store.users.set(u.id, u);
      this.results();
    } catch (err) {
      notify(`Search failed: ${errorText(err)}`);
    }
  }

  /** The search results, each with what the user can do about that person now. */
  private results(): void {
    if (this.found === null) return;
    const rows = this.found.map((u) =>
      h(
        'li',
        { class: 'person', 'data-testid': 'search-result', 'data-username': u.username },
        h(
          'span',
          { class: 'name' },
          u.username,
          u.displayName && u.displayName !== u.username ? h('span', { class: 'muted' }, ` (${u.displayName})`) : null,
        ),
        this.people.actionFor(u),
      ),
    );
    fill(byId('search-results'), ...(rows.length ? rows : [h('li', { class: 'muted' }, 'Nobody found.')]));
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
