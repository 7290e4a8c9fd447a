import { ImClient, type TransportMode, type TransportState, type WireEvent } from '../../client/index.js';
import { byId, errorText, notify } from './dom.js';
import { Files } from './files.js';
import { Store } from './state.js';
import { clearCursor, cursorStore, deviceId, sessionStore, transportChoice } from './storage.js';
import { ChatView } from './views/chat.js';
import { Sidebar } from './views/sidebar.js';

const LABEL: Record<TransportState, string> = {
  ws: 'WebSocket',
  sse: 'SSE',
  longpoll: 'Long-poll',
  offline: 'Offline',
};

const client: ImClient = new ImClient({
  baseUrl: location.origin,
  sessionStore,
  cursorStore: cursorStore(() => client.user?.id),
  transport: transportChoice.get(),
});
const files = new Files(client);

/** Everything that lives while a user is logged in. */
interface Running {
  store: Store;
  chat: ChatView;
  sidebar: Sidebar;
  off: (() => void)[];
}
let running: Running | null = null;

function showAuth(): void {
  byId('auth-view').hidden = false;
  byId('app-view').hidden = true;
  byId('logout').hidden = true;
  byId('me').textContent = '';
  byId<HTMLInputElement>('login-username').focus();
}

async function reloadPeople(store: Store): Promise<void> {
  const [friends, requests] = await Promise.all([client.api.friends(), client.api.friendRequests()]);
  store.setFriends(friends.friends);
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
      store.addMessage(m, { viewing });
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
    case 'group':
      void reloadChats(store).catch(() => undefined);
      return;
  }
}

async function enter(): Promise<void> {
  const user = client.user;
  if (!user) return showAuth();
  byId('auth-view').hidden = true;
  byId('app-view').hidden = false;
  byId('logout').hidden = false;
  byId('me').textContent = user.displayName || user.username;

  const store = new Store(user);
  const chat: ChatView = new ChatView(store, client, files, () => sidebar.conversations());
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
  const r: Running = { store, chat, sidebar, off: [] };
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
  sidebar.conversations();
  sidebar.friends();
  sidebar.requests();
  sidebar.groupForm();
  // Subscribe first: events that arrive while the lists load are merged, not lost.
  client.start();
  try {
    await Promise.all([reloadPeople(store), reloadChats(store)]);
  } catch (err) {
    notify(`Could not load your chats: ${errorText(err)}`);
  }
}

/** The views hold listeners on the page's elements, so a fresh page is the clean way to log out. */
function leave(notice?: string): void {
  if (!running) return;
  for (const off of running.off) off();
  running = null;
  files.clear();
  if (notice) sessionStorage.setItem('im.notice', notice);
  location.reload();
}

function renderTransport(state: TransportState): void {
  const el = byId('transport');
  el.dataset.state = state;
  byId('transport-label').textContent = LABEL[state];
}

function wireChrome(): void {
  const select = byId<HTMLSelectElement>('transport-select');
  select.value = client.transportMode;
  select.addEventListener('change', () => {
    const mode = select.value as TransportMode;
    transportChoice.set(mode);
    client.setTransport(mode);
  });
  client.on('transport', (t) => renderTransport(t.state));
  renderTransport(client.transport);
  client.on('session', (s) => {
    if (!s.session) leave(s.reason === 'ended' ? 'Your session ended. Please log in again.' : undefined);
  });

  byId('logout').addEventListener('click', () => {
    const id = client.user?.id;
    void client.logout().finally(() => id && clearCursor(id));
  });

  byId('login-form').addEventListener('submit', (ev) => {
    ev.preventDefault();
    void login(
      byId<HTMLInputElement>('login-username').value.trim(),
      byId<HTMLInputElement>('login-password').value,
      'login-error',
    );
  });
  byId('register-form').addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const username = byId<HTMLInputElement>('register-username').value.trim();
    const password = byId<HTMLInputElement>('register-password').value;
    const displayName = byId<HTMLInputElement>('register-display').value.trim() || undefined;
    try {
      await client.register(username, password, displayName);
    } catch (err) {
      byId('register-error').textContent = errorText(err);
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
    byId(errorId).textContent = errorText(err);
  }
}

wireChrome();
const pending = sessionStorage.getItem('im.notice');
if (pending) {
  sessionStorage.removeItem('im.notice');
  notify(pending);
}
void enter();
