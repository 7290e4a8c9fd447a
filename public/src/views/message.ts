import type { Message } from '../../../client/index.js';
import { h, sizeOf, timeOf, errorText, notify } from '../dom.js';
import { fileRef, type Files } from '../files.js';
import type { Conv, PendingSend, Store } from '../state.js';

/** The recall window the gateway enforces by default (RECALL_WINDOW). */
export const RECALL_MS = 120_000;

export interface MessageDeps {
  store: Store;
  files: Files;
  recall(conv: Conv, m: Message): Promise<void>;
}

/** The delivery state of one of the user's messages. */
export function statusOf(store: Store, c: Conv, m: Message): string {
  const readers = store.readers(c, m.seq);
  if (readers === 0) return 'sent';
  return c.kind === 'direct' ? 'read' : `read by ${readers}`;
}

/** The body of a message: text, an image (fetched with auth), a file to download, or "recalled". */
function body(deps: MessageDeps, contentType: string, content: string, recalled?: boolean): HTMLElement {
  if (recalled) return h('p', { class: 'body recalled' }, 'Message recalled');
  if (contentType === 'image' || contentType === 'file') {
    const ref = fileRef(content);
    if (!ref) return h('p', { class: 'body' }, '[attachment]');
    if (contentType === 'image') {
      const img = h('img', { alt: ref.name || 'image', 'data-testid': 'image', loading: 'lazy' });
      deps.files.blobUrl(ref).then(
        (u) => (img.src = u),
        () => img.replaceWith(h('span', { class: 'muted' }, `Image ${ref.name} could not be loaded`)),
      );
      return h('figure', { class: 'body image' }, img, h('figcaption', {}, `${ref.name} · ${sizeOf(ref.size)}`));
    }
    return h(
      'p',
      { class: 'body' },
      h(
        'button',
        {
          type: 'button',
          class: 'file',
          'data-testid': 'file',
          onclick: () => deps.files.save(ref).catch((e) => notify(`Download failed: ${errorText(e)}`)),
        },
        `Download ${ref.name} (${sizeOf(ref.size)})`,
      ),
    );
  }
  if (contentType === 'text') return h('p', { class: 'body' }, content);
  return h('p', { class: 'body' }, `[${contentType}] ${content}`);
}

/** One delivered message. */
export function messageItem(deps: MessageDeps, c: Conv, m: Message): HTMLLIElement {
  const mine = m.from === deps.store.me.id;
  const li = h(
    'li',
    {
      class: mine ? 'msg mine' : 'msg',
      'data-testid': 'message',
      'data-seq': m.seq,
      'data-client-id': m.clientMsgId,
      'data-mine': mine ? 'true' : 'false',
    },
    h(
      'div',
      { class: 'meta' },
      h('span', { class: 'author' }, mine ? 'You' : deps.store.nameOf(m.from)),
      ' ',
      h('time', { datetime: new Date(m.createdAt).toISOString() }, timeOf(m.createdAt)),
    ),
    body(deps, m.contentType, m.content, m.recalled),
  );
  if (mine) {
    const status = statusOf(deps.store, c, m);
    li.dataset.status = status;
    const footer = h('div', { class: 'footer' }, h('span', { class: 'status', 'data-testid': 'status' }, status));
    if (!m.recalled && Date.now() - m.createdAt < RECALL_MS) {
      footer.append(
        h(
          'button',
          {
            type: 'button',
            class: 'link recall',
            'data-action': 'recall',
            'aria-label': 'Recall this message',
            onclick: () => deps.recall(c, m).catch((e) => notify(`Recall failed: ${errorText(e)}`)),
          },
          'Recall',
        ),
      );
    }
    li.append(footer);
  }
  return li;
}

/** One of the user's sends that the server has not accepted yet. */
export function pendingItem(deps: MessageDeps, p: PendingSend): HTMLLIElement {
  const footer = h(
    'div',
    { class: 'footer' },
    h(
      'span',
      { class: 'status', 'data-testid': 'status' },
      p.status === 'failed' ? `failed${p.error ? `: ${p.error}` : ''}` : 'sending…',
    ),
  );
  if (p.status === 'failed' && p.retry)
    footer.append(h('button', { type: 'button', class: 'link', 'data-action': 'retry', onclick: p.retry }, 'Retry'));
  return h(
    'li',
    {
      class: 'msg mine pending',
      'data-testid': 'message',
      'data-client-id': p.clientMsgId,
      'data-mine': 'true',
      'data-status': p.status,
    },
    h('div', { class: 'meta' }, h('span', { class: 'author' }, 'You'), ' ', h('time', {}, timeOf(p.createdAt))),
    p.contentType === 'upload'
      ? h('p', { class: 'body muted' }, `Uploading ${p.content}…`)
      : body(deps, p.contentType, p.content),
    footer,
  );
}
