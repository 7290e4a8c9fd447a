import type { ImClient } from '../../../client/index.js';
import { byId, errorText, h } from '../dom.js';
import type { Store } from '../state.js';

const PAGE = 20;

/** A group's member list, loaded page by page only when the user opens it. */
export class MemberList {
  private readonly details = byId<HTMLDetailsElement>('members');
  private readonly list = byId<HTMLUListElement>('member-list');
  private readonly more = byId<HTMLButtonElement>('members-more');
  private groupId: string | undefined;
  private next: string | null | undefined;
  private loading = false;

  constructor(
    private readonly client: ImClient,
    private readonly store: Store,
  ) {
    this.details.addEventListener('toggle', () => {
      if (this.details.open && this.next === undefined) void this.load();
    });
    this.more.addEventListener('click', () => void this.load());
  }

  /** Shows the panel for a group (closed, nothing loaded), or hides it for a direct chat. */
  reset(groupId: string | undefined): void {
    this.groupId = groupId;
    this.next = undefined;
    this.details.open = false;
    this.details.hidden = !groupId;
    this.list.replaceChildren();
    this.more.hidden = true;
  }

  private async load(): Promise<void> {
    const groupId = this.groupId;
    if (!groupId || this.loading || this.next === null) return;
    this.loading = true;
    try {
      const page = await this.client.api.groupMembers(groupId, { after: this.next ?? undefined, limit: PAGE });
      if (groupId !== this.groupId) return;
      for (const m of page.members) {
        this.store.users.set(m.user.id, m.user);
        this.list.append(
          h(
            'li',
            { 'data-testid': 'member' },
            m.user.displayName || m.user.username,
            m.role !== 'member' ? h('span', { class: 'muted' }, ` (${m.role})`) : null,
          ),
        );
      }
      this.next = page.next;
      this.more.hidden = page.next === null;
    } catch (err) {
      this.list.append(h('li', { class: 'muted' }, `Could not load members: ${errorText(err)}`));
    } finally {
      this.loading = false;
    }
  }
}
