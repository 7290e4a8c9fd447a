import type { CursorStore, Session, SessionStore, TransportMode } from '../../client/index.js';

/** What the demo keeps in localStorage: the session, the device id, the transport choice and a cursor per user. */
const KEY = {
  session: 'im.session',
  device: 'im.device',
  transport: 'im.transport',
  cursor: (userId: string) => `im.cursor.${userId}`,
};

function read(key: string): string | null {
  try {
    return localStorage.getItem(key);
  } catch {
    return null;
  }
}

function write(key: string, value: string | null): void {
  try {
    if (value === null) localStorage.removeItem(key);
    else localStorage.setItem(key, value);
  } catch {
    /* storage full or disabled: the demo still works for this page's life */
  }
}

export const sessionStore: SessionStore = {
  get() {
    const raw = read(KEY.session);
    if (!raw) return null;
    try {
      return JSON.parse(raw) as Session;
    } catch {
      return null;
    }
  },
  set(s) {
    write(KEY.session, s ? JSON.stringify(s) : null);
  },
};

/** The cursor of whichever user is logged in (`userId()` is asked each time). */
export function cursorStore(userId: () => string | undefined): CursorStore {
  return {
    get: () => {
      const u = userId();
      return u ? read(KEY.cursor(u)) : null;
    },
    set: (c) => {
      const u = userId();
      if (u) write(KEY.cursor(u), c);
    },
  };
}

export function clearCursor(userId: string): void {
  write(KEY.cursor(userId), null);
}

export const deviceId = {
  get: () => read(KEY.device) ?? undefined,
  set: (id: string) => write(KEY.device, id),
};

const MODES: readonly string[] = ['auto', 'ws', 'sse', 'longpoll'];

export const transportChoice = {
  get: (): TransportMode => {
    const v = read(KEY.transport);
    return v && MODES.includes(v) ? (v as TransportMode) : 'auto';
  },
  set: (m: TransportMode) => write(KEY.transport, m),
};

/** The chat open in this tab, kept per tab (sessionStorage) so a reload brings it back. */
export const openChat = {
  get: (): string | null => {
    try {
      return sessionStorage.getItem('im.open');
    } catch {
      return null;
    }
  },
  set: (id: string | null) => {
    try {
      if (id === null) sessionStorage.removeItem('im.open');
      else sessionStorage.setItem('im.open', id);
    } catch {
      /* storage disabled: the chat is not restored */
    }
  },
};
