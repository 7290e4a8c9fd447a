import type { UploadedFile } from '../../../client/index.js';
import { byId } from '../dom.js';
import { sizeOf } from '../format.js';

/** An image shown large in a modal dialog; Escape, the Close button or a click beside it closes it. */
export class Lightbox {
  private readonly dialog = byId<HTMLDialogElement>('lightbox');
  private readonly img = byId<HTMLImageElement>('lightbox-image');
  private readonly caption = byId('lightbox-caption');
  private opener: HTMLElement | null = null;

  constructor() {
    // A click on the backdrop lands on the dialog itself, not on its content.
    this.dialog.addEventListener('click', (ev) => {
      if (ev.target === this.dialog) this.dialog.close();
    });
    this.dialog.addEventListener('close', () => {
      this.img.removeAttribute('src');
      this.opener?.focus();
      this.opener = null;
    });
  }

  open(ref: UploadedFile, src: string): void {
    this.opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    this.img.src = src;
    this.img.alt = ref.name || 'image';
    this.caption.textContent = `${ref.name} · ${sizeOf(ref.size)}`;
    this.dialog.showModal();
    byId('lightbox-close').focus();
  }
}
