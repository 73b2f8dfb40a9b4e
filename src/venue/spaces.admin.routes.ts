import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { coreError, type FieldErrors } from '../kernel/errors.ts';
import { formValues } from '../kernel/forms.ts';
import type { CapabilityModule } from '../kernel/module.ts';
import { readUpload } from '../kernel/multipart.ts';
import type { PageContext } from '../web/context.ts';
import { emptyForm, type FormState } from '../web/forms.tsx';
import { type SettingsData, SettingsPage } from './pages/admin/SettingsPage.tsx';
import { SpaceEditPage } from './pages/admin/SpaceEditPage.tsx';
import { ADMIN_PATH } from './pages/common.tsx';
import { parisToday } from './spaces.calendar.ts';
import {
  hoursValues,
  NEW_SPACE_VALUES,
  readClosure,
  readHours,
  readSite,
  readSpace,
  siteValues,
  spaceValues,
  type VenueMessageKey,
  type VenueProblems,
} from './spaces.forms.ts';
import type { SpacesService, SpaceView } from './spaces.service.ts';
import { venueError } from './venue.errors.ts';
import { venuePolicy as can } from './venue.policy.ts';

export const venueAdminFlash = {
  venueSiteSaved: (t) => t.venue.admin.saved.site,
  venueSpaceSaved: (t) => t.venue.admin.saved.space,
  venueHoursSaved: (t) => t.venue.admin.saved.hours,
  venueClosureSaved: (t) => t.venue.admin.saved.closure,
  venueClosureRemoved: (t) => t.venue.admin.saved.closureRemoved,
  venuePhotoAdded: (t) => t.venue.admin.saved.photo,
  venuePhotoRemoved: (t) => t.venue.admin.saved.photoRemoved,
  venuePhotoSaved: (t) => t.venue.admin.saved.photoSaved,
  venueSpaceDeleted: (t) => t.venue.admin.saved.spaceDeleted,
  venueSpaceArchived: (t) => t.venue.admin.saved.spaceArchived,
} satisfies CapabilityModule['flash'];

declare module '../web/http.ts' {
  interface FlashMessages extends Record<keyof typeof venueAdminFlash, true> {}
}

/** the problems' keys as messages in the visitor's language */
export function venueMessages(ctx: PageContext, problems: VenueProblems): FieldErrors {
  const table = ctx.t.venue.admin.messages;
  const out: FieldErrors = {};
  for (const [field, key] of Object.entries(problems))
    if (key) out[field] = table[key as VenueMessageKey] ?? table.required;
  return out;
}

const PHOTO_MAX_BYTES = 5 * 1024 * 1024;

/** The staff's settings of the venue: the building, the spaces, their hours, closings, photos. */
export function venueAdminRoutes(app: FastifyInstance, spaces: SpacesService) {
  const staff = { config: { access: can.manage } };
  type IdParams = { Params: { id: string } };

  async function settingsPage(
    request: FastifyRequest,
    reply: FastifyReply,
    forms: { site?: FormState; closure?: FormState },
    status = 200,
  ) {
    const [ctx, data] = await Promise.all([
      request.pageContext(),
      spaces.settings(request.actor, parisToday()),
    ]);
    const siteForm = forms.site ?? emptyForm(data.site ? siteValues(data.site) : {});
    const closureForm = forms.closure ?? emptyForm();
    const page = SettingsPage({ ctx, data: data as SettingsData, siteForm, closureForm, status });
    return reply.html(page, status);
  }

  app.get(ADMIN_PATH, staff, (request, reply) => settingsPage(request, reply, {}));

  app.post(`${ADMIN_PATH}/batiment`, staff, async (request, reply) => {
    const ctx = await request.pageContext();
    const read = readSite(request.body);
    if (!read.ok) {
      const form = { values: formValues(request.body), errors: venueMessages(ctx, read.problems) };
      return settingsPage(request, reply, { site: form }, 422);
    }
    await spaces.saveSite(request.actor, read.data);
    return reply.flash('venueSiteSaved').redirect(request.href(ADMIN_PATH), 303);
  });

  app.post(`${ADMIN_PATH}/fermetures`, staff, async (request, reply) => {
    const ctx = await request.pageContext();
    const data = await spaces.settings(request.actor, parisToday());
    const read = readClosure(
      request.body,
      data.spaces.map((s) => s.id),
    );
    if (!read.ok) {
      const form = { values: formValues(request.body), errors: venueMessages(ctx, read.problems) };
      return settingsPage(request, reply, { closure: form }, 422);
    }
    await spaces.addClosure(request.actor, read.data);
    return reply.flash('venueClosureSaved').redirect(request.href(ADMIN_PATH), 303);
  });

  app.post<IdParams>(`${ADMIN_PATH}/fermetures/:id/supprimer`, staff, async (request, reply) => {
    await spaces.removeClosure(request.actor, request.params.id);
    return reply.flash('venueClosureRemoved').redirect(request.href(ADMIN_PATH), 303);
  });

  spaceRoutes(app, spaces);
  photoRoutes(app, spaces);
}

function spaceRoutes(app: FastifyInstance, spaces: SpacesService) {
  const staff = { config: { access: can.manage } };
  type IdParams = { Params: { id: string } };

  async function spacePage(
    request: FastifyRequest,
    reply: FastifyReply,
    space: SpaceView,
    forms: { space?: FormState; hours?: FormState; photoProblem?: string },
    status = 200,
  ) {
    const ctx = await request.pageContext();
    const form = forms.space ?? emptyForm(spaceValues(space));
    const hoursForm = forms.hours ?? emptyForm(hoursValues(space.hours));
    const page = SpaceEditPage({
      ctx,
      space,
      form,
      hoursForm,
      photoProblem: forms.photoProblem,
      status,
    });
    return reply.html(page, status);
  }

  async function saveSpace(request: FastifyRequest, reply: FastifyReply, space: SpaceView | null) {
    const ctx = await request.pageContext();
    const values = formValues(request.body);
    const again = (problems: VenueProblems, status: number) => {
      const form = { values, errors: venueMessages(ctx, problems) };
      if (space) return spacePage(request, reply, space, { space: form }, status);
      return reply.html(SpaceEditPage({ ctx, space: null, form, status }), status);
    };
    const read = readSpace(request.body);
    if (!read.ok) return again(read.problems, 422);
    try {
      if (space) await spaces.updateSpace(request.actor, space.id, read.data);
      else await spaces.createSpace(request.actor, read.data);
    } catch (error) {
      if (!venueError.is(error, 'VENUE_SPACE_SLUG_TAKEN')) throw error;
      return again({ slug: 'slug_taken' }, 409);
    }
    return reply.flash('venueSpaceSaved').redirect(request.href(ADMIN_PATH), 303);
  }

  app.get(`${ADMIN_PATH}/espaces/nouveau`, staff, async (request, reply) => {
    const ctx = await request.pageContext();
    await spaces.settings(request.actor, parisToday());
    return reply.html(
      SpaceEditPage({ ctx, space: null, form: emptyForm({ ...NEW_SPACE_VALUES }) }),
    );
  });

  app.post(`${ADMIN_PATH}/espaces/nouveau`, staff, (request, reply) =>
    saveSpace(request, reply, null),
  );

  app.get<IdParams>(`${ADMIN_PATH}/espaces/:id`, staff, async (request, reply) =>
    spacePage(request, reply, await spaces.editableSpace(request.actor, request.params.id), {}),
  );

  app.post<IdParams>(`${ADMIN_PATH}/espaces/:id`, staff, async (request, reply) =>
    saveSpace(request, reply, await spaces.editableSpace(request.actor, request.params.id)),
  );

  app.post<IdParams>(`${ADMIN_PATH}/espaces/:id/horaires`, staff, async (request, reply) => {
    const space = await spaces.editableSpace(request.actor, request.params.id);
    const read = readHours(request.body);
    if (!read.ok) {
      const ctx = await request.pageContext();
      const hours = { values: formValues(request.body), errors: venueMessages(ctx, read.problems) };
      return spacePage(request, reply, space, { hours }, 422);
    }
    await spaces.saveHours(request.actor, space.id, read.data);
    return reply
      .flash('venueHoursSaved')
      .redirect(request.href(`${ADMIN_PATH}/espaces/${space.id}`), 303);
  });

  app.post<IdParams>(
    `${ADMIN_PATH}/espaces/:id/photos`,
    { config: { access: can.manage, csrf: 'first-multipart-field' } },
    async (request, reply) => {
      const space = await spaces.editableSpace(request.actor, request.params.id);
      const ctx = await request.pageContext();
      const a = ctx.t.venue.admin;
      const alt = { alt_fr: '', alt_en: '' };
      let content: Buffer | undefined;
      const outcome = await readUpload(request, {
        limits: { fileSize: PHOTO_MAX_BYTES, files: 1, fields: 4 },
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
      let problem: string | undefined;
      let status = 422;
      if (outcome === 'too-large') {
        problem = a.photoTooLarge(ctx.locale === 'fr' ? '5 Mo' : '5 MB');
        status = 413;
      } else if (!content || content.length === 0) problem = a.noPhoto;
      else {
        const added = await spaces.addPhoto(request.actor, space.id, {
          content,
          altFr: alt.alt_fr,
          altEn: alt.alt_en,
        });
        if (added === 'ok')
          return reply
            .flash('venuePhotoAdded')
            .redirect(request.href(`${ADMIN_PATH}/espaces/${space.id}`), 303);
        problem = a.photoBadType;
      }
      return spacePage(request, reply, space, { photoProblem: problem }, status);
    },
  );

  app.post<IdParams>(`${ADMIN_PATH}/espaces/:id/supprimer`, staff, async (request, reply) => {
    const done = await spaces.removeSpace(request.actor, request.params.id);
    return reply
      .flash(done === 'deleted' ? 'venueSpaceDeleted' : 'venueSpaceArchived')
      .redirect(request.href(ADMIN_PATH), 303);
  });

  app.post<IdParams>(`${ADMIN_PATH}/photos/:id/supprimer`, staff, async (request, reply) => {
    const spaceId = await spaces.removePhoto(request.actor, request.params.id);
    return reply
      .flash('venuePhotoRemoved')
      .redirect(request.href(`${ADMIN_PATH}/espaces/${spaceId}`), 303);
  });
}

/** a photo's descriptions and its place among its space's photos */
function photoRoutes(app: FastifyInstance, spaces: SpacesService) {
  const staff = { config: { access: can.manage } };
  type IdParams = { Params: { id: string } };

  app.post<IdParams>(`${ADMIN_PATH}/photos/:id`, staff, async (request, reply) => {
    const values = formValues(request.body);
    const spaceId = await spaces.describePhoto(request.actor, request.params.id, {
      altFr: values.alt_fr ?? '',
      altEn: values.alt_en ?? '',
    });
    return reply
      .flash('venuePhotoSaved')
      .redirect(request.href(`${ADMIN_PATH}/espaces/${spaceId}#photo-${request.params.id}`), 303);
  });

  app.post<IdParams>(`${ADMIN_PATH}/photos/:id/deplacer`, staff, async (request, reply) => {
    const way = formValues(request.body).sens === 'bas' ? 'down' : 'up';
    const spaceId = await spaces.movePhoto(request.actor, request.params.id, way);
    return reply
      .flash('venuePhotoSaved')
      .redirect(request.href(`${ADMIN_PATH}/espaces/${spaceId}#photo-${request.params.id}`), 303);
  });
}
