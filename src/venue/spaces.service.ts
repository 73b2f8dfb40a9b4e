import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { coreError } from '../kernel/errors.ts';
import type { FileStorage } from '../kernel/file-storage.ts';
import { type Actor, authorize } from '../kernel/policy.ts';
import type { SiteInput } from './spaces.forms.ts';
import {
  type ClosureRow,
  type HoursRow,
  type PhotoRow,
  type SiteRow,
  type SpaceInput,
  type SpaceRow,
  spacesRepository,
} from './spaces.repository.ts';
import { venueError } from './venue.errors.ts';
import { venuePolicy as can } from './venue.policy.ts';

/** a space with what its pages show: its week of hours, its photos */
export type SpaceView = SpaceRow & { hours: Omit<HoursRow, 'space_id'>[]; photos: PhotoRow[] };
export type VenueView = { site: SiteRow; spaces: SpaceView[]; closures: ClosureRow[] };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** an id of an address is a uuid, else the page does not exist (never a database error) */
export const isUuid = (s: string) => UUID.test(s);

/** the accepted photos, recognised from their first bytes (never from their name or header) */
export function photoType(head: Uint8Array): { mediaType: string; ext: string } | null {
  const starts = (...bytes: number[]) => bytes.every((b, i) => head[i] === b);
  if (starts(0xff, 0xd8, 0xff)) return { mediaType: 'image/jpeg', ext: 'jpg' };
  if (starts(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a))
    return { mediaType: 'image/png', ext: 'png' };
  const ascii = (from: number, to: number) => String.fromCharCode(...head.slice(from, to));
  if (ascii(0, 4) === 'RIFF' && ascii(8, 12) === 'WEBP')
    return { mediaType: 'image/webp', ext: 'webp' };
  return null;
}

/**
 * The venue's settings and what its public pages read: the site, its spaces with their hours,
 * photos and closings. Staff write; anyone reads the active spaces.
 */
export function spacesService(db: Kysely<DB>, storage: FileStorage) {
  const repo = spacesRepository(db);

  async function withDetails(spaces: SpaceRow[]): Promise<SpaceView[]> {
    const ids = spaces.map((s) => s.id);
    const [hours, photos] = await Promise.all([repo.hours(ids), repo.photos(ids)]);
    return spaces.map((s) => ({
      ...s,
      hours: hours.filter((h) => h.space_id === s.id).map(({ space_id: _, ...h }) => h),
      photos: photos.filter((p) => p.space_id === s.id),
    }));
  }

  async function site(): Promise<SiteRow> {
    const found = await repo.site();
    if (!found) throw venueError('VENUE_SITE_MISSING');
    return found;
  }

  async function spaceById(id: string): Promise<SpaceRow> {
    const found = isUuid(id) ? await repo.space({ id }) : undefined;
    if (!found) throw venueError('VENUE_SPACE_NOT_FOUND');
    return found;
  }

  return {
    ...removals(repo, storage, spaceById),
    /** the building and its active spaces, with the closings to come */
    async venue(today: string): Promise<VenueView> {
      const s = await site();
      const [spaces, closures] = await Promise.all([
        repo.spaces({ activeOnly: true }).then(withDetails),
        repo.closures(s.id, today),
      ]);
      return { site: s, spaces, closures };
    },

    /** one active space by its address, with the closings to come that concern it */
    async space(
      slug: string,
      today: string,
    ): Promise<{ site: SiteRow; space: SpaceView; closures: ClosureRow[] }> {
      const s = await site();
      const found = /^[a-z0-9-]{1,100}$/.test(slug) ? await repo.space({ slug }) : undefined;
      if (!found?.active) throw venueError('VENUE_SPACE_NOT_FOUND');
      const [space] = await withDetails([found]);
      const closures = (await repo.closures(s.id, today)).filter(
        (c) => c.space_id === null || c.space_id === found.id,
      );
      return { site: s, space: space as SpaceView, closures };
    },

    /** the staff's overview: the site (if any), every space, every closing to come */
    async settings(actor: Actor, today: string) {
      authorize(actor, can.manage, undefined);
      const s = await repo.site();
      const spaces = await withDetails(await repo.spaces({ activeOnly: false }));
      const closures = s ? await repo.closures(s.id, today) : [];
      return { site: s ?? null, spaces, closures };
    },

    async saveSite(actor: Actor, input: SiteInput) {
      authorize(actor, can.manage, undefined);
      const found = await repo.site();
      if (found) await repo.updateSite(found.id, input);
      else await repo.insertSite({ ...input, slug: 'totem', is_demo: false });
    },

    async editableSpace(actor: Actor, id: string): Promise<SpaceView> {
      authorize(actor, can.manage, undefined);
      const [space] = await withDetails([await spaceById(id)]);
      return space as SpaceView;
    },

    async createSpace(actor: Actor, input: SpaceInput): Promise<string> {
      authorize(actor, can.manage, undefined);
      const s = await site();
      if (await repo.slugTaken(input.slug, null)) throw venueError('VENUE_SPACE_SLUG_TAKEN');
      return repo.insertSpace(s.id, input);
    },

    async updateSpace(actor: Actor, id: string, input: SpaceInput) {
      authorize(actor, can.manage, undefined);
      await spaceById(id);
      if (await repo.slugTaken(input.slug, id)) throw venueError('VENUE_SPACE_SLUG_TAKEN');
      await repo.updateSpace(id, input);
    },

    async saveHours(actor: Actor, id: string, ranges: Omit<HoursRow, 'space_id'>[]) {
      authorize(actor, can.manage, undefined);
      await spaceById(id);
      await repo.replaceHours(id, ranges);
    },

    async addClosure(actor: Actor, input: Omit<ClosureRow, 'id'>) {
      authorize(actor, can.manage, undefined);
      const s = await site();
      await repo.insertClosure(s.id, input);
    },

    async removeClosure(actor: Actor, id: string) {
      authorize(actor, can.manage, undefined);
      if (!isUuid(id) || !(await repo.deleteClosure(id))) throw coreError('NOT_FOUND');
    },

    /** keeps a photo of a space if its bytes are an image; 'badType' otherwise */
    async addPhoto(
      actor: Actor,
      spaceId: string,
      input: { content: Buffer; altFr: string; altEn: string },
    ): Promise<'ok' | 'badType'> {
      authorize(actor, can.manage, undefined);
      const space = await spaceById(spaceId);
      const type = photoType(input.content.subarray(0, 16));
      if (!type) return 'badType';
      const key = `venue/${space.id}/${randomUUID()}.${type.ext}`;
      await storage.put(key, input.content);
      await repo.insertPhoto({
        space_id: space.id,
        file_key: key,
        media_type: type.mediaType,
        alt_fr: input.altFr.trim().slice(0, 300),
        alt_en: input.altEn.trim().slice(0, 300),
      });
      return 'ok';
    },

    async removePhoto(actor: Actor, id: string): Promise<string> {
      authorize(actor, can.manage, undefined);
      const photo = isUuid(id) ? await repo.photo(id) : undefined;
      if (!photo) throw coreError('NOT_FOUND');
      await repo.deletePhoto(id);
      await storage.delete(photo.file_key);
      return photo.space_id;
    },

    /** a photo's bytes, for anyone (the spaces are public) */
    async photoFile(id: string): Promise<{ stream: Readable; mediaType: string }> {
      const photo = isUuid(id) ? await repo.photo(id) : undefined;
      const stream = photo ? await storage.get(photo.file_key) : null;
      if (!photo || !stream) throw coreError('NOT_FOUND');
      return { stream, mediaType: photo.media_type };
    },
  };
}

/** what staff take away or rearrange: a space (deleted or archived), a photo's place and words */
function removals(
  repo: ReturnType<typeof spacesRepository>,
  storage: FileStorage,
  spaceById: (id: string) => Promise<SpaceRow>,
) {
  return {
    /**
     * removes a space: deleted (with its hours, closings and photos) if nothing was ever booked
     * or awaited in it; otherwise archived (no longer offered, its bookings kept)
     */
    async removeSpace(actor: Actor, id: string): Promise<'deleted' | 'archived'> {
      authorize(actor, can.manage, undefined);
      const space = await spaceById(id);
      if (!(await repo.spaceInUse(space.id))) {
        const photos = await repo.photos([space.id]);
        try {
          await repo.deleteSpace(space.id);
          for (const p of photos) await storage.delete(p.file_key);
          return 'deleted';
        } catch (error) {
          // booked meanwhile: kept, archived
          if ((error as { code?: string }).code !== '23503') throw error;
        }
      }
      await repo.archiveSpace(space.id);
      return 'archived';
    },

    /** a photo's descriptions, in both languages */
    async describePhoto(actor: Actor, id: string, alt: { altFr: string; altEn: string }) {
      authorize(actor, can.manage, undefined);
      const photo = isUuid(id) ? await repo.photo(id) : undefined;
      if (!photo) throw coreError('NOT_FOUND');
      await repo.updatePhotoAlt(id, {
        alt_fr: alt.altFr.trim().slice(0, 300),
        alt_en: alt.altEn.trim().slice(0, 300),
      });
      return photo.space_id;
    },

    /** moves a photo one place earlier or later among its space's photos */
    async movePhoto(actor: Actor, id: string, way: 'up' | 'down'): Promise<string> {
      authorize(actor, can.manage, undefined);
      const photo = isUuid(id) ? await repo.photo(id) : undefined;
      if (!photo) throw coreError('NOT_FOUND');
      const ids = (await repo.photos([photo.space_id])).map((p) => p.id);
      const i = ids.indexOf(id);
      const j = way === 'up' ? i - 1 : i + 1;
      if (j >= 0 && j < ids.length) {
        [ids[i], ids[j]] = [ids[j] as string, ids[i] as string];
        await repo.orderPhotos(ids);
      }
      return photo.space_id;
    },
  };
}

export type SpacesService = ReturnType<typeof spacesService>;
