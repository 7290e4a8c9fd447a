import { fileTypeFromBuffer } from 'file-type';

/** How many leading bytes content detection looks at; file-type needs ~4 KiB for nearly every format. */
const HEAD_BYTES = 64 * 1024;
/** Images the gateway serves `inline`: raster formats browsers render without running anything. Never SVG. */
const INLINE_IMAGES: ReadonlySet<string> = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp']);
/** Controls that do not occur in text a person would read (tab, newline, form feed and CR are allowed). */
const BINARY_CONTROLS = /[\u0000-\u0008\u000b\u000e-\u001f\u007f]/;

/** True for a detected type the download may show `inline`. */
export function isInlineImage(contentType: string): boolean {
  return INLINE_IMAGES.has(contentType);
}

/** True for a detected type an `image` message may point at: any image the detector knows, except SVG (a document that can carry script). */
export function isImage(contentType: string): boolean {
  return contentType.startsWith('image/') && !contentType.includes('svg');
}

/**
 * Detects a file's type from its bytes as they stream past: magic numbers from the first 64 KiB
 * (file-type), else `text/plain` if every byte so far is UTF-8 text, else `application/octet-stream`.
 * The client's claimed type is never consulted.
 */
export class Sniffer {
  private head: Buffer[] = [];
  private headSize = 0;
  private text = true;
  private readonly decoder = new TextDecoder('utf-8', { fatal: true });

  add(bytes: Uint8Array): void {
    if (this.headSize < HEAD_BYTES) {
      const take = bytes.subarray(0, HEAD_BYTES - this.headSize);
      this.head.push(Buffer.from(take));
      this.headSize += take.length;
    }
    if (this.text) {
      try {
        if (BINARY_CONTROLS.test(this.decoder.decode(bytes, { stream: true }))) this.text = false;
      } catch {
        this.text = false;
      }
    }
  }

  async result(): Promise<string> {
    if (this.headSize === 0) return 'application/octet-stream';
    try {
      const found = await fileTypeFromBuffer(Buffer.concat(this.head, this.headSize));
      if (found) return found.mime;
    } catch {
      /* a truncated or odd header is simply "not detected" */
    }
    if (this.text) {
      try {
        this.decoder.decode();
        return 'text/plain';
      } catch {
        /* ends inside a multi-byte sequence */
      }
    }
    return 'application/octet-stream';
  }
}
