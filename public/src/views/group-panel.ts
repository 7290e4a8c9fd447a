import type { GroupMember, ImClient } from '../../../client/index.js';
import { byId, errorText, fill, h, notify } from '../dom.js';
import type { Store } from '../state.js';

const PAGE = 20;

/**
 * A group's panel in the chat header: the member list (loaded page by page only when opened), and
 * what the user's role allows: rename, add friends, remove members, leave. The gateway's rules decide;
 * a refusal is shown in its words.
 */
export class GroupPanel {
  private readonly details = byId<HTMLDetailsElement>('members');
  private readonly list = byId<HTMLUListElement>('member-list');
  private readonly more = byId<HTMLButtonElement>('members-more');
  private readonly renameForm = byId<HTMLFormElement>('rename-form');
  private readonly renameInput = byId<HTMLInputElement>('rename-input');
  private readonly addForm = byId<HTMLFormElement>('add-members-form');
  private groupId: string | undefined;
  private next: string | null | undefined;
  private members: GroupMember[] = [];
  private loading = false;

  constructor(
    private readonly client: ImClient,
    private readonly store: Store,
    private readonly left: (groupId: string) => void,
  ) {
    this.details.addEventListener('toggle', () => {
      if (this.details.open && this.next === undefined) void this.load();
    });
    this.more.addEventListener('click', () => void this.load());
    this.renameForm.addEventListener('submit', (ev) => {
      ev.preventDefault();
      void this.rename();
    });
    this.addForm.addEventListener('submit', (ev) => {
      ev.preventDefault();
      void this.add();
    });
    byId('leave-group').addEventListener('click', () => void this.remove(this.store.me.id));
    store.on('friends', () => this.renderAddable());
  }

  /** Shows the panel for a group (closed, nothing loaded), or hides it for a direct chat. */
  reset(groupId: string | undefined): void {
    this.groupId = groupId;
    this.next = undefined;
    this.members = [];
    this.details.open = false;
    this.details.hidden = !groupId;
    this.list.replaceChildren();
    this.more.hidden = true;
    this.renderControls();
  }

  /** The group's name or the friends changed: the controls follow. */
  sync(): void {
    this.renderControls();
  }

  /** The group changed (members added or removed): reload what is shown. */
  refresh(): void {
    this.renderControls();
    if (this.details.open) {
      this.next = undefined;
      this.members = [];
      this.list.replaceChildren();
      void this.load();
    }
  }

  private myRole(): string {
    const group = this.groupId ? this.store.groups.get(this.groupId) : undefined;
    if (group?.ownerId === this.store.me.id) return 'owner';
    return this.members.find((m) => m.user.id === this.store.me.id)?.role ?? 'member';
  }

  private renderControls(): void {
    const manages = this.myRole() !== 'member';
    this.renameForm.hidden = !manages;
    this.addForm.hidden = !manages;
    const group = this.groupId ? this.store.groups.get(this.groupId) : undefined;
    if (group && document.activeElement !== this.renameInput) this.renameInput.value = group.name;
    this.renderAddable();
  }

  private renderAddable(): void {
    const inGroup = new Set(this.members.map((m) => m.user.id));
    const boxes = [...this.store.friends.values()]
      .filter((f) => !inGroup.has(f.user.id))
      .map((f) =>
        h(
          'label',
          { class: 'check' },
          h('input', { type: 'checkbox', name: 'add', value: f.user.id }),
          ` ${f.user.displayName || f.user.username}`,
        ),
      );
    fill(byId('add-members'), ...(boxes.length ? boxes : [h('span', { class: 'muted' }, 'No friends to add.')]));
  }

  private renderMembers(): void {
    const role = this.myRole();
    const me = this.store.me.id;
    fill(
      this.list,
      ...this.members.map((m) => {
        const removable = m.user.id !== me && (role === 'owner' || (role === 'admin' && m.role === 'member'));
        return h(
          'li',
          { 'data-testid': 'member', 'data-user-id': m.user.id },
          h(
            'span',
            { class: 'name' },
            m.user.displayName || m.user.username,
            m.role !== 'member' ? h('span', { class: 'muted' }, ` (${m.role})`) : null,
          ),
          removable
            ? h(
                'button',
                {
                  type: 'button',
                  class: 'secondary small',
                  'data-action': 'remove-member',
                  'aria-label': `Remove ${m.user.username} from the group`,
                  onclick: () => void this.remove(m.user.id),
                },
                'Remove',
              )
            : null,
        );
      }),
    );
  }

  private async load(): Promise<void> {
    const groupId = this.groupId;
    if (!groupId || this.loading || this.next === null) return;
    this.loading = true;
    try {
      const page = await this.client.api.groupMembers(groupId, { after: this.next ?? undefined, limit: PAGE });
      if (groupId !== this.groupId) return;
      for (const m of page.members) this.store.users.set(m.user.id, m.user);
      this.members.push(...page.members);
      this.next = page.next;
      this.more.hidden = page.next === null;
      this.renderMembers();
      this.renderControls();
    } catch (err) {
      this.list.append(h('li', { class: 'muted' }, `Could not load members: ${errorText(err)}`));
    } finally {
      this.loading = false;
    }
  }

  private async rename(): Promise<void> {
    const groupId = this.groupId;
    const name = this.renameInput.value.trim();
    if (!groupId || !name) return;
    try {
      const { group } = await this.client.api.renameGroup(groupId, name);
      this.store.setGroups([group]);
      notify(`The group is now called “${group.name}”.`);
    } catch (err) {
      notify(`Could not rename the group: ${errorText(err)}`);
    }
  }

  private async add(): Promise<void> {
    const groupId = this.groupId;
    const ids = [...this.addForm.querySelectorAll<HTMLInputElement>('input[name=add]:checked')].map((i) => i.value);
    if (!groupId || ids.length === 0) return;
    try {
      await this.client.api.addGroupMembers(groupId, ids);
      this.refresh();
    } catch (err) {
      notify(`Could not add members: ${errorText(err)}`);
    }
  }

  private async remove(userId: string): Promise<void> {
    const groupId = this.groupId;
    if (!groupId) return;
    try {
      await this.client.api.removeGroupMember(groupId, userId);
      if (userId === this.store.me.id) this.left(groupId);
      else this.refresh();
    } catch (err) {
      notify(`${userId === this.store.me.id ? 'Could not leave' : 'Could not remove'}: ${errorText(err)}`);
    }
  }
}
