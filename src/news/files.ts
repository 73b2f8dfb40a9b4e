import { cleanFileName } from '../kernel/file-storage.ts';

/**
 * What may be attached to an article, recognised from the content's first bytes (file-type),
 * never from the name or the browser's word. Office documents are ZIP or OLE containers that
 * file-type reads inside. file-type is loaded on the first upload: most processes never read one.
 */
export const ALLOWED_TYPES: Record<string, { ext: string; image: boolean }> = {
  'application/pdf': { ext: 'pdf', image: false },
  'image/png': { ext: 'png', image: true },
  'image/jpeg': { ext: 'jpg', image: true },
  'image/webp': { ext: 'webp', image: true },
  'image/gif': { ext: 'gif', image: true },
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': {
    ext: 'docx',
    image: false,
  },
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': {
    ext: 'xlsx',
    image: false,
  },
  'application/vnd.openxmlformats-officedocument.presentationml.presentation': {
    ext: 'pptx',
    image: false,
  },
  'application/vnd.oasis.opendocument.text': { ext: 'odt', image: false },
  'application/vnd.oasis.opendocument.spreadsheet': { ext: 'ods', image: false },
  'application/vnd.oasis.opendocument.presentation': { ext: 'odp', image: false },
  'application/msword': { ext: 'doc', image: false },
  'application/x-cfb': { ext: 'doc', image: false },
};

/** The type read from the content, when it is one that may be attached; null otherwise. */
export async function detectType(head: Uint8Array): Promise<string | null> {
  const { fileTypeFromBuffer } = await import('file-type');
  const found = await fileTypeFromBuffer(head);
  if (!found) return null;
  return found.mime in ALLOWED_TYPES ? found.mime : null;
}

/**
 * The name shown and offered on download: the last segment of what was uploaded (a "../" or a
 * folder is dropped), letters, digits and a few signs kept, the extension of the detected type.
 */
export function safeFileName(uploaded: string, mime: string): string {
  return cleanFileName(uploaded, ALLOWED_TYPES[mime]?.ext ?? 'bin');
}
