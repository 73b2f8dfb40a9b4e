import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { coreError } from '../kernel/errors.ts';
import type { FileStorage } from '../kernel/file-storage.ts';
import { readUpload } from '../kernel/multipart.ts';
import { type Actor, authorize } from '../kernel/policy.ts';
import { photoType } from '../venue/spaces.service.ts';
import { eventsError } from './events.errors.ts';
import { eventsPolicy as can } from './events.policy.ts';
import { eventsRepository } from './events.repository.ts';
import { ADMIN_PATH, AGENDA_PATH } from './pages/common.tsx';

const IMAGE_MAX_BYTES = 5 * 1_048_576;

/**
 * An event's image, with its description in both languages: kept in the platform's file store
 * under `events/<event>/<uuid>.<ext>`, its type read from its first bytes (JPEG, PNG or WebP, as
 * the venue's photos), never from its name or the browser's word.
 */
export function eventImages(db: Kysely<DB>, storage: FileStorage) {
  const repo = eventsRepository(db);
  return {
    async set(
      actor: Actor,
      eventId: string,
      input: { content: Buffer; altFr: string; altEn: string },
    ): Promise<'ok' | 'badType'> {
      authorize(actor, can.manage, undefined);
      const event = await repo.find(eventId);
      if (!event) throw eventsError('EVENT_NOT_FOUND');
      const type = photoType(input.content.subarray(0, 16));
      if (!type) return 'badType';
      const key = `events/${event.id}/${randomUUID()}.${type.ext}`;
      await storage.put(key, input.content);
      await repo.update(event.id, {
        image_key: key,
        image_type: type.mediaType,
        // the descriptions are the event form's, unless given with the image
        ...(input.altFr.trim() ? { image_alt_fr: input.altFr.trim().slice(0, 300) } : {}),
        ...(input.altEn.trim() ? { image_alt_en: input.altEn.trim().slice(0, 300) } : {}),
      });
      if (event.image_key) await storage.delete(event.image_key).catch(() => undefined);
      return 'ok';
    },

    async file(slug: string) {
      const event = await repo.find(slug);
      if (event?.status !== 'published' || !event.image_key || !event.image_type) {
        throw eventsError('EVENT_NOT_FOUND');
      }
      const stream = await storage.get(event.image_key);
      if (!stream) throw eventsError('EVENT_NOT_FOUND');
      return { stream, mediaType: event.image_type };
    },
  };
}

export type EventImages = ReturnType<typeof eventImages>;

/** staff upload an event's image (the form's token first); anyone reads a published one's */
export function imageRoutes(
  app: FastifyInstance,
  images: EventImages,
  /** the event's form again, with why the image was refused */
  refused: (request: FastifyRequest, reply: FastifyReply, id: string) => Promise<unknown>,
) {
  app.post<{ Params: { id: string } }>(
    `${ADMIN_PATH}/:id/image`,
    { config: { access: can.manage, csrf: 'first-multipart-field' } },
    async (request, reply) => {
      const alt = { alt_fr: '', alt_en: '' };
      let content: Buffer | undefined;
      const outcome = await readUpload(request, {
        limits: { fileSize: IMAGE_MAX_BYTES, files: 1, fields: 4 },
        onField: (name, value) => {
          if (name === 'alt_fr' || name === 'alt_en') alt[name] = value;
        },
        onFile: async (part) => {
          const chunks: Buffer[] = [];
          for await (const chunk of part.file) chunks.push(chunk as Buffer);
          if (!part.file.truncated && part.filename) content = Buffer.concat(chunks);
        },
      });
      if (outcome === 'csrf') throw coreError('CSRF_INVALID');
      if (outcome === 'not-multipart') throw coreError('BAD_REQUEST');
      const id = request.params.id;
      if (outcome === 'too-large' || !content || content.length === 0) {
        return refused(request, reply, id);
      }
      const done = await images.set(request.actor, request.params.id, {
        content,
        altFr: alt.alt_fr,
        altEn: alt.alt_en,
      });
      if (done === 'badType') return refused(request, reply, id);
      return reply
        .flash('eventSaved')
        .redirect(request.href(`${ADMIN_PATH}/${request.params.id}`), 303);
    },
  );

  app.get<{ Params: { slug: string } }>(
    `${AGENDA_PATH}/:slug/image`,
    { config: { access: can.read } },
    async (request, reply) => {
      const image = await images.file(request.params.slug);
      return reply
        .header('content-type', image.mediaType)
        .header('cache-control', 'public, max-age=3600')
        .header('x-content-type-options', 'nosniff')
        .send(image.stream);
    },
  );
}
