import { byId } from '../dom.js';

export interface ComposerHooks {
  /** The user sent text (trimmed, not empty). */
  send(text: string): void;
  /** The user picked a file. */
  attach(file: File): void;
  /** The user is typing (called at most every few seconds). */
  typing(): void;
}

/** Send a typing signal at most this often while the user types. */
const TYPING_EVERY_MS = 2500;

/**
 * The message box: Enter sends, Shift+Enter adds a line (and Enter while an input method composes
 * does neither), the box grows with its text up to a few lines, and a picked file is handed on.
 */
export class Composer {
  private readonly input = byId<HTMLTextAreaElement>('composer-input');
  private lastTypingSent = 0;

  constructor(private readonly hooks: ComposerHooks) {
    byId('composer').addEventListener('submit', (ev) => {
      ev.preventDefault();
      this.submit();
    });
    this.input.addEventListener('keydown', (ev) => {
      if (ev.key === 'Enter' && !ev.shiftKey && !ev.isComposing && ev.keyCode !== 229) {
        ev.preventDefault();
        this.submit();
      }
    });
    this.input.addEventListener('input', () => {
      this.fit();
      if (this.input.value && Date.now() - this.lastTypingSent >= TYPING_EVERY_MS) {
        this.lastTypingSent = Date.now();
        hooks.typing();
      }
    });
    const file = byId<HTMLInputElement>('file-input');
    file.addEventListener('change', () => {
      const f = file.files?.[0];
      file.value = '';
      if (f) hooks.attach(f);
    });
  }

  focus(): void {
    this.input.focus();
  }

  private submit(): void {
    const text = this.input.value.trim();
    if (!text) return;
    this.input.value = '';
    this.fit();
    // The next keystroke is new typing, worth telling the others about at once.
    this.lastTypingSent = 0;
    this.hooks.send(text);
  }

  /** Sizes the box to its text; the stylesheet's max-height stops it at a few lines, then it scrolls. */
  private fit(): void {
    const el = this.input;
    el.style.height = 'auto';
    el.style.height = `${el.scrollHeight + el.offsetHeight - el.clientHeight}px`;
  }
}
