import type { Message, UploadedFile } from '../../../client/index.js';
import { h, errorText, notify } from '../dom.js';
import { fileRef, type Files } from '../files.js';
import { fullDate, linkified, sizeOf, stamp } from '../format.js';
import { READ_MARKERS_LISTED, type Conv, type PendingSend, type Store } from '../state.js';

export interface MessageDeps {
  store: Store;
  files: Files;
  recall(conv: Conv, m: Message): Promise<void>;
  /** How long after sending a message may be recalled, ms. */
  recallMs(): number;
  /** Shows an image larger. */
  openImage(ref: UploadedFile, src: string): void;
}

/** The delivery state of one of the user's messages. */
export function statusOf(store: Store, c: Conv, m: Message): string {
  const readers = store.readers(c, m.seq);
  if (readers === 0) return 'sent';
  if (c.kind === 'direct') return 'read';
  return readers >= READ_MARKERS_LISTED ? `read by ${READ_MARKERS_LISTED}+` : `read by ${readers}`;
}

/** The body of a message: text with links, an image (fetched with auth), a file to download, or "recalled". */
function body(deps: MessageDeps, contentType: string, content: string, recalled?: boolean): HTMLElement {
  if (recalled) return h('p', { class: 'body recalled' }, 'Message recalled');
  if (contentType === 'image' || contentType === 'file') {
    const ref = fileRef(content);
    if (!ref) return h('p', { class: 'body' }, '[attachment]');
    if (contentType === 'image') {
      const img = h('img', { alt: ref.name || 'image', 'data-testid': 'image' });
      const open = h(
        'button',
        { type: 'button', class: 'image-open', 'aria-label': `Open ${ref.name || 'the image'}` },
        img,
      );
      open.disabled = true;
      deps.files.blobUrl(ref).then(
        (u) => {
          img.src = u;
          open.disabled = false;
          open.addEventListener('click', () => deps.openImage(ref, u));
        },
        () => open.replaceWith(h('span', { class: 'muted' }, `Image ${ref.name} could not be loaded`)),
      );
      return h('figure', { class: 'body image' }, open, h('figcaption', {}, `${ref.name} · ${sizeOf(ref.size)}`));
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
  if (contentType === 'text') return h('p', { class: 'body' }, ...linkified(content));
  return h('p', { class: 'body' }, `[${contentType}] `, ...linkified(content));
}

function meta(author: string, at: number): HTMLElement {
  return h(
    'div',
    { class: 'meta' },
    h('span', { class: 'author' }, author),
    ' ',
    h('time', { datetime: new Date(at).toISOString(), title: fullDate(at) }, stamp(at)),
  );
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
      'data-at': m.createdAt,
      'data-client-id': m.clientMsgId,
      'data-mine': mine ? 'true' : 'false',
    },
    meta(mine ? 'You' : deps.store.nameOf(m.from), m.createdAt),
    body(deps, m.contentType, m.content, m.recalled),
  );
  if (mine) {
    const status = statusOf(deps.store, c, m);
    li.dataset.status = status;
    const footer = h('div', { class: 'footer' }, h('span', { class: 'status', 'data-testid': 'status' }, status));
    if (!m.recalled && Date.now() - m.createdAt < deps.recallMs()) {
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

/** One of the user's sends that the server has not accepted yet, or that failed. */
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
      'data-at': p.createdAt,
      'data-mine': 'true',
      'data-status': p.status,
    },
    meta('You', p.createdAt),
    p.contentType === 'upload'
      ? h('p', { class: 'body muted' }, `Uploading ${p.content}…`)
      : body(deps, p.contentType, p.content),
    footer,
  );
}
