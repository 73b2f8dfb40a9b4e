import type { MultipartFile } from '@fastify/multipart';
import type { FastifyRequest } from 'fastify';
import { coreError } from './errors.ts';
import { hasForbiddenCharacters } from './text.ts';

export type UploadOutcome =
  /** every part was read */
  | 'ok'
  /** not a multipart form */
  | 'not-multipart'
  /** the form's first field was not a valid CSRF token: nothing after it was read */
  | 'csrf'
  /** a file was over the size limit (cut short: its handler must not keep it) */
  | 'too-large';

/**
 * Reads a file upload's form as a stream, the one way every upload of the site is read: on routes
 * with `csrf: 'first-multipart-field'` (a browser's form), its first field must be the form's CSRF
 * token, checked before any other byte is read; then each text field goes to `onField` and each file to `onFile`,
 * which must read its stream to the end (or resume it). A file over the limit is cut short and
 * said so: `onFile` sees `part.file.truncated` once it has read it, and the outcome is
 * 'too-large'.
 */
export async function readUpload(
  request: FastifyRequest,
  options: {
    limits: { fileSize: number; files: number; fields: number };
    onField?: (name: string, value: string) => void;
    onFile: (part: MultipartFile) => Promise<void>;
  },
): Promise<UploadOutcome> {
  if (!request.isMultipart()) return 'not-multipart';
  // a route without `csrf: 'first-multipart-field'` had its token checked before its handler
  // (the X-CSRF-Token header of a page's script), or needs none (a personal API token)
  let tokenChecked = request.routeOptions.config.csrf !== 'first-multipart-field';
  let tooLarge = false;
  try {
    for await (const part of request.parts({ limits: options.limits })) {
      if (!tokenChecked) {
        const token = part.type === 'field' && part.fieldname === '_csrf' ? part.value : null;
        if (typeof token !== 'string' || !(await request.verifyCsrf(token))) {
          if (part.type === 'file') part.file.resume();
          return 'csrf';
        }
        tokenChecked = true;
        continue;
      }
      if (part.type === 'field') {
        if (typeof part.value !== 'string') continue;
        if (hasForbiddenCharacters(part.value)) throw coreError('INVALID_TEXT');
        options.onField?.(part.fieldname, part.value);
        continue;
      }
      await options.onFile(part);
      if (part.file.truncated) tooLarge = true;
    }
  } catch (error) {
    if ((error as { code?: string }).code !== 'FST_REQ_FILE_TOO_LARGE') throw error;
    return 'too-large';
  }
  if (!tokenChecked) return 'csrf';
  return tooLarge ? 'too-large' : 'ok';
}
