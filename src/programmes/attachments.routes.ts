import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { contentDisposition, sendDownload } from '../kernel/download.ts';
import { AppError, coreError } from '../kernel/errors.ts';
import type { CapabilityModule } from '../kernel/module.ts';
import { readUpload } from '../kernel/multipart.ts';
import type { AttachmentRow } from './attachments.repository.ts';
import { type AttachmentsService, fileRefused } from './attachments.service.ts';
import { FileRefusedPage } from './pages/FileRefusedPage.tsx';
import { detailsOf } from './programmes.errors.ts';
import { programmesPolicy as can } from './programmes.policy.ts';
import { AUTH, accessFirst, answerError } from './programmes.routes.ts';
import { apiError, idParams, positiveId } from './programmes.schema.ts';

export const attachmentsFlash = {
  applicationFileAttached: (t) => t.programmes.attachments.attached,
  applicationFileRemoved: (t) => t.programmes.attachments.removed,
} satisfies CapabilityModule['flash'];

declare module '../web/http.ts' {
  interface FlashMessages extends Record<keyof typeof attachmentsFlash, true> {}
}

const fileParams = idParams.extend({
  fileId: z.string().max(100).describe('a positive integer: the file’s id'),
});

const fileResponse = z.object({
  id: z.number().int().describe('the file’s id: the field’s answer is this id, as text'),
  field: z.string(),
  name: z.string().describe('the name sent, cleaned, with the extension of the detected type'),
  size: z.number().int().describe('bytes'),
  media_type: z.enum(['application/pdf', 'image/png', 'image/jpeg', 'image/webp']),
  version: z.number().int().describe('the application’s version after the file was attached'),
});

/**
 * Reads an upload (`field`, then `file`) and attaches the file: the application and the person
 * are checked before a byte is read, the file while it streams in.
 */
async function receive(request: FastifyRequest, attachments: AttachmentsService, id: number) {
  const { maxBytes } = await attachments.prepare(request.actor, id);
  const locale = request.locale;
  let key = '';
  let attached: Awaited<ReturnType<AttachmentsService['attach']>> | undefined;
  const outcome = await readUpload(request, {
    limits: { fileSize: maxBytes + 1, files: 1, fields: 5 },
    onField: (name, value) => {
      if (name === 'field') key = value.slice(0, 200);
    },
    onFile: async (part) => {
      if (part.fieldname !== 'file') return void part.file.resume();
      if (!key) {
        part.file.destroy();
        throw fileRefused('file', 'fieldFirst', locale);
      }
      // a form sent without a file chosen has a file part with no name and no bytes
      if (!part.filename) return void part.file.resume();
      const upload = { name: part.filename, stream: part.file };
      attached = await attachments.attach(request.actor, id, key, upload, locale);
    },
  });
  if (outcome === 'csrf') throw coreError('CSRF_INVALID');
  if (outcome === 'too-large') throw fileRefused(key, 'tooLarge', locale, maxBytes / 1048576);
  if (!attached) throw fileRefused(key, 'noFile', locale);
  return { key, ...attached };
}

/** a refused upload: the rest of its body is not read, so the connection ends with the answer */
function refusedUpload(request: FastifyRequest, reply: FastifyReply) {
  if (!request.raw.readableEnded) reply.header('connection', 'close');
}

/** a file, as it is stored: its detected type, offered for download, never sniffed nor kept */
function sendFile(
  reply: FastifyReply,
  file: { attachment: AttachmentRow; stream: AsyncIterable<Uint8Array> },
) {
  const { attachment } = file;
  return sendDownload(reply, file.stream, {
    'content-type': attachment.media_type,
    'content-length': String(attachment.size),
    'content-disposition': contentDisposition(attachment.original_name, 'attachment'),
    'x-content-type-options': 'nosniff',
    'content-security-policy': "default-src 'none'; sandbox",
    'cache-control': 'private, no-store',
  });
}

/** The API's routes of an application's files. */
function attachmentsApi(app: FastifyInstance, attachments: AttachmentsService) {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const errors = { 400: apiError, 401: apiError, 403: apiError, 404: apiError, 409: apiError };

  api.post(
    '/api/v1/applications/:id/files',
    {
      config: { access: can.apply, api: true },
      preValidation: accessFirst,
      schema: {
        tags: ['programmes'],
        summary: 'Attach a file to a field of a draft',
        description: `A multipart/form-data body: \`field\` (the key of a file field of the form), then \`file\`. The type is read from the bytes (PDF, PNG, JPEG, WebP; the name and the declared type are ignored); the size limit is the field's \`max\` in MB (10 by default, 20 at most), enforced as the file arrives. The field's answer becomes the file's id in the same transaction, which adds one to the application's version; a file the field had is deleted. A refusal answers 422 FILE_REFUSED with the field's message in \`fields\`, and changes nothing. ${AUTH}`,
        params: idParams,
        response: { 201: fileResponse, ...errors, 422: apiError },
      },
    },
    async (request, reply) => {
      const id = positiveId(request.params.id);
      try {
        const { key, attachment, application } = await receive(request, attachments, id);
        return reply.code(201).send({
          id: Number(attachment.id),
          field: key,
          name: attachment.original_name,
          size: Number(attachment.size),
          media_type: attachment.media_type,
          version: application.version,
        });
      } catch (error) {
        refusedUpload(request, reply);
        return answerError(request, reply, error);
      }
    },
  );

  api.get(
    '/api/v1/applications/:id/files/:fileId',
    {
      config: { access: can.apply, api: true },
      schema: {
        tags: ['programmes'],
        summary: 'Download a file of an application',
        description: `The file's bytes, with its detected type, as an attachment (nosniff, no-store). For the members of the organisation and staff. ${AUTH}`,
        params: fileParams,
        response: { 200: z.string().describe('the file'), ...errors },
      },
    },
    async (request, reply) => {
      const id = positiveId(request.params.id);
      const fileId = positiveId(request.params.fileId);
      return sendFile(reply, await attachments.open(request.actor, id, fileId));
    },
  );
}

/** the field's message of a refused file, or undefined for any other error */
function refusalMessage(error: unknown, locale: 'fr' | 'en'): string | undefined {
  if (!(error instanceof AppError)) return undefined;
  if (error.code !== 'FILE_REFUSED' && error.code !== 'ANSWERS_INVALID') return undefined;
  const fields = detailsOf(error)?.fields as Record<string, string> | undefined;
  return Object.values(fields ?? {})[0] ?? error.text(locale);
}

/**
 * The application's page posts here (its own page is another part's): attaching a file to a
 * field, downloading one, removing one. Each goes back to the page at the field, with a notice;
 * a refused file answers 422 with a page that says why and leads back.
 */
function attachmentsPages(app: FastifyInstance, attachments: AttachmentsService) {
  const back = (request: FastifyRequest, id: number, key: string) =>
    request.href(`/candidatures/${id}${key ? `#champ-${encodeURIComponent(key)}` : ''}`);

  app.post<{ Params: { id: string } }>(
    '/candidatures/:id/fichiers',
    { config: { access: can.apply, csrf: 'first-multipart-field' } },
    async (request, reply) => {
      const id = positiveId(request.params.id);
      let key = '';
      try {
        const received = await receive(request, attachments, id);
        key = received.key;
      } catch (error) {
        const message = refusalMessage(error, request.locale);
        if (message === undefined) throw error;
        refusedUpload(request, reply);
        const field = Object.keys(detailsOf(error)?.fields ?? {})[0] ?? '';
        const ctx = await request.pageContext();
        return reply.html(
          FileRefusedPage({ ctx, message, back: back(request, id, field.split('.')[0] ?? '') }),
          422,
        );
      }
      return reply.flash('applicationFileAttached').redirect(back(request, id, key), 303);
    },
  );

  app.get<{ Params: { id: string; fileId: string } }>(
    '/candidatures/:id/fichiers/:fileId',
    { config: { access: can.apply } },
    async (request, reply) => {
      const id = positiveId(request.params.id);
      const fileId = positiveId(request.params.fileId);
      return sendFile(reply, await attachments.open(request.actor, id, fileId));
    },
  );

  app.post<{ Params: { id: string; fileId: string } }>(
    '/candidatures/:id/fichiers/:fileId/supprimer',
    { config: { access: can.apply } },
    async (request, reply) => {
      const id = positiveId(request.params.id);
      const fileId = positiveId(request.params.fileId);
      const { attachment } = await attachments.remove(request.actor, id, fileId);
      return reply
        .flash('applicationFileRemoved')
        .redirect(back(request, id, attachment.field_key), 303);
    },
  );
}

/** An application's files: the API's routes and those the application's page posts to. */
export function attachmentsRoutes(app: FastifyInstance, attachments: AttachmentsService) {
  attachmentsApi(app, attachments);
  attachmentsPages(app, attachments);
}
