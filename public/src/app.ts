import { ImClient, peerOf, type Limits, type TransportMode, type WireEvent } from '../../client/index.js';
import { Attention } from './attention.js';
import { byId, errorText, notify, sentence } from './dom.js';
import { Files } from './files.js';
import { TransportPill } from './pill.js';
import { Store } from './state.js';
import { clearCursor, cursorStore, deviceId, openChat, sessionStore, transportChoice } from './storage.js';
import { ChatView } from './views/chat.js';
import { Sidebar } from './views/sidebar.js';

const client: ImClient = new ImClient({
  baseUrl: location.origin,
  sessionStore,
  cursorStore: cursorStore(() => client.user?.id),
  transport: transportChoice.get(),
});
const files = new Files(client);
/** The gateway's defaults until it tells its own (GET /v1/limits). */
let limits: Limits = { maxUploadBytes: 10 * 1024 * 1024, recallWindowSec: 120 };

/** Everything that lives while a user is logged in. */
interface Running {
  store: Store;
  chat: ChatView;
  attention: Attention;
  off: (() => void)[];
}
let running: Running | null = null;

/** Shows the parts of the top bar that belong to a signed-in user, or hides them. */
function chrome(signedIn: boolean): void {
  for (const id of ['transport', 'transport-switch', 'me', 'logout']) byId(id).hidden = !signedIn;
  byId('auth-view').hidden = signedIn;
  byId('app-view').hidden = !signedIn;
}

function showAuth(): void {
  chrome(false);
  byId('me').textContent = '';
  byId<HTMLInputElement>('login-username').focus();
}

async function reloadPeople(store: Store): Promise<void> {
  const [friends, requests, blocks] = await Promise.all([
    client.api.friends(),
    client.api.friendRequests(),
    client.api.blocks(),
  ]);
  store.setFriends(friends.friends);
  store.setBlocks(blocks.blocks.map((b) => b.user));
  const unknown = [...requests.incoming.map((r) => r.from), ...requests.outgoing.map((r) => r.to)].filter(
    (id) => !store.users.has(id),
  );
  await Promise.all(
    [...new Set(unknown)].map((id) =>
      client.api.user(id).then(
        (r) => store.users.set(id, r.user),
        () => undefined,
      ),
    ),
  );
  store.setRequests(requests);
}

async function reloadChats(store: Store): Promise<void> {
  const [groups, convs] = await Promise.all([client.api.groups(), client.api.conversations()]);
  store.setGroups(groups.groups);
  store.setConversations(convs.conversations);
}

/** Fetches a user the page has not met yet (a group member), then calls `then` to redraw. */
function ensureUser(store: Store, id: string, then: () => void): void {
  if (store.users.has(id)) return;
  void client.api.user(id).then(
    (u) => {
      store.users.set(id, u.user);
      then();
    },
    () => undefined,
  );
}

/** Applies one inbox event to the model. */
function apply(r: Running, e: WireEvent): void {
  const { store, chat } = r;
  switch (e.type) {
    case 'message': {
      const m = e.data;
      if (m.kind === 'group' && !store.groups.has(m.to)) void reloadChats(store).catch(() => undefined);
      ensureUser(store, m.from, () => store.emit('messages', { convId: m.conversationId, seq: m.seq }));
      const viewing = chat.current?.id === m.conversationId && document.visibilityState === 'visible';
      if (store.addMessage(m, { viewing })) r.attention.message(m);
      return;
    }
    case 'recall':
      return store.recall(e.data.conversationId, e.data.seq);
    case 'read':
      return store.read(e.data.conversationId, e.data.userId, e.data.seq);
    case 'typing':
      ensureUser(store, e.data.userId, () => store.emit('typing', { convId: e.data.conversationId }));
      return store.typing(e.data.conversationId, e.data.userId);
    case 'presence':
      return store.setPresence(e.data.userId, e.data.online, e.data.at);
    case 'friend_request':
    case 'friend_added':
    case 'friend_removed':
      void reloadPeople(store).catch(() => undefined);
      return;
    case 'group': {
      const { groupId, action, userIds } = e.data;
      if (action === 'member_removed' && userIds?.includes(store.me.id)) {
        if (chat.current?.groupId === groupId) chat.close();
        store.dropGroup(groupId);
        return;
      }
      void reloadChats(store).then(
        () => chat.groupChanged(groupId),
        () => undefined,
      );
      return;
    }
  }
}

async function enter(): Promise<void> {
  const user = client.user;
  if (!user) return showAuth();
  chrome(true);
  const me = byId('me');
  me.textContent = user.displayName || user.username;
  me.title = `Logged in as ${user.username}`;

  const store = new Store(user);
  const chat: ChatView = new ChatView(
    store,
    client,
    files,
    () => limits,
    () => sidebar.conversations(),
  );
  const sidebar: Sidebar = new Sidebar({
    store,
    client,
    open: (c) => {
      void chat.open(c);
      sidebar.conversations();
    },
    currentId: () => chat.current?.id,
    reloadPeople: () => reloadPeople(store),
  });
  const attention = new Attention(store, (id) => void chat.open(store.conv(id)).then(() => sidebar.conversations()));
  const r: Running = { store, chat, attention, off: [] };
  running = r;
  r.off.push(
    client.on('event', (e) => apply(r, e)),
    // The inbox could not resume: what the page holds may have gaps, so it is reloaded from the server.
    client.on('reset', () => {
      store.forgetMessages();
      if (chat.current) void chat.open(chat.current);
      void Promise.all([reloadChats(store), reloadPeople(store)]).catch(() => undefined);
    }),
  );
  sidebar.render();
  // Subscribe first: events that arrive while the lists load are merged, not lost.
  client.start();
  void client.api.limits().then(
    (l) => (limits = l),
    () => undefined,
  );
  try {
    await Promise.all([reloadPeople(store), reloadChats(store)]);
  } catch (err) {
    notify(`Could not load your chats: ${errorText(err)}`);
  }
  // The chat this tab had open comes back after a reload.
  const open = openChat.get();
  const peer = open ? peerOf(open, user.id) : null;
  if (open && !chat.current && (store.convs.has(open) || (peer && store.friends.has(peer)))) {
    await chat.open(store.conv(open));
    sidebar.conversations();
  }
}

/** The views hold listeners on the page's elements, so a fresh page is the clean way to log out. */
function leave(notice?: string): void {
  if (!running) return;
  for (const off of running.off) off();
  running.attention.clear();
  running = null;
  files.clear();
  openChat.set(null);
  if (notice) sessionStorage.setItem('im.notice', notice);
  location.reload();
}

function wireChrome(): void {
  const select = byId<HTMLSelectElement>('transport-select');
  select.value = client.transportMode;
  select.addEventListener('change', () => {
    const mode = select.value as TransportMode;
    transportChoice.set(mode);
    client.setTransport(mode);
  });
  new TransportPill(client);
  client.on('session', (s) => {
    if (!s.session) leave(s.reason === 'ended' ? 'Your session ended. Please log in again.' : undefined);
  });
  byId('logout').addEventListener('click', () => {
    const id = client.user?.id;
    void client.logout().finally(() => id && clearCursor(id));
  });

  // An error is about what was typed: it goes away as soon as the user changes a field.
  for (const [form, error] of [
    ['login-form', 'login-error'],
    ['register-form', 'register-error'],
  ] as const)
    byId(form).addEventListener('input', () => (byId(error).textContent = ''));

  byId('login-form').addEventListener('submit', (ev) => {
    ev.preventDefault();
    const username = byId<HTMLInputElement>('login-username').value.trim();
    const password = byId<HTMLInputElement>('login-password').value;
    if (!username || !password) {
      byId('login-error').textContent = 'Enter your username and password.';
      return;
    }
    void login(username, password, 'login-error');
  });
  byId('register-form').addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const username = byId<HTMLInputElement>('register-username').value.trim();
    const password = byId<HTMLInputElement>('register-password').value;
    const displayName = byId<HTMLInputElement>('register-display').value.trim() || undefined;
    const problem = !/^[A-Za-z0-9_.-]{3,32}$/.test(username)
      ? 'The username must be 3–32 letters, digits, _ . or -.'
      : password.length < 8 || password.length > 128
        ? 'The password must be 8–128 characters long.'
        : null;
    if (problem) {
      byId('register-error').textContent = problem;
      return;
    }
    try {
      await client.register(username, password, displayName);
    } catch (err) {
      byId('register-error').textContent = sentence(errorText(err));
      return;
    }
    await login(username, password, 'register-error');
  });
}

async function login(username: string, password: string, errorId: string): Promise<void> {
  byId(errorId).textContent = '';
  try {
    const r = await client.login(username, password, { deviceId: deviceId.get(), deviceName: 'Web demo' });
    deviceId.set(r.deviceId);
    await enter();
  } catch (err) {
    byId(errorId).textContent = sentence(errorText(err));
  }
}

wireChrome();
const pending = sessionStorage.getItem('im.notice');
if (pending) {
  sessionStorage.removeItem('im.notice');
  notify(pending);
}
void enter();
