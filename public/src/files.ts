import type { ImClient, UploadedFile } from '../../client/index.js';

/** Parses the content of an `image`/`file` message (the upload response as JSON); null when it is not one. */
export function fileRef(content: string): UploadedFile | null {
  try {
    const v = JSON.parse(content) as Partial<UploadedFile>;
    return typeof v.id === 'string' && typeof v.url === 'string' ? (v as UploadedFile) : null;
  } catch {
    return null;
  }
}

/**
 * Downloads with the Authorization header and hands out `blob:` URLs, since an `<img>` or a link
 * cannot send the header. One download per file id for the page's life.
 */
export class Files {
  private readonly urls = new Map<string, Promise<string>>();

  constructor(private readonly client: ImClient) {}

  blobUrl(ref: UploadedFile): Promise<string> {
    let p = this.urls.get(ref.id);
    if (!p) {
      p = this.client.api.downloadFile(ref.url || ref.id).then((b) => URL.createObjectURL(b));
      p.catch(() => this.urls.delete(ref.id));
      this.urls.set(ref.id, p);
    }
    return p;
  }

  /** Saves a file through a temporary download link. */
  async save(ref: UploadedFile): Promise<void> {
    const a = document.createElement('a');
    a.href = await this.blobUrl(ref);
    a.download = ref.name || 'file';
    document.body.append(a);
    a.click();
    a.remove();
  }

  /** Frees every blob URL (on logout). */
  clear(): void {
    for (const p of this.urls.values())
      void p.then(
        (u) => URL.revokeObjectURL(u),
        () => undefined,
      );
    this.urls.clear();
  }
}
