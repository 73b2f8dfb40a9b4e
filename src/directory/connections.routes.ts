import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { coreError } from '../kernel/errors.ts';
import { fieldMessages, formValues } from '../kernel/forms.ts';
import type { PageContext } from '../web/context.ts';
import { type MessageKey, relationForm, roundForm } from './connections.schema.ts';
import { type ConnectionsService, directedOf, type Picker } from './connections.service.ts';
import { directoryPolicy as can } from './directory.policy.ts';
import { emptyPicker, RelationsPage, RoundsPage } from './pages/ConnectionsPage.tsx';

type Params = { Params: { slug: string } };
type IdParams = { Params: { slug: string; id: string } };

function idOf(raw: string): number {
  const id = Number(raw);
  if (!/^\d{1,9}$/.test(raw) || id < 1) throw coreError('NOT_FOUND');
  return id;
}

/** message keys (from the schema or the service) in the visitor's language, one per field */
function messages(ctx: PageContext, keys: Partial<Record<string, MessageKey>>) {
  const all = ctx.t.connections.messages;
  const out: Record<string, string> = {};
  for (const [field, key] of Object.entries(keys)) {
    if (key) out[field] = all[key] ?? all.required;
  }
  return out;
}

/** a failed parse's messages, a hidden id's problem shown under its search box */
function parseErrors(ctx: PageContext, error: z.ZodError) {
  const all = ctx.t.connections.messages;
  return fieldMessages(error.issues, all, all.required, {
    other_id: 'other_q',
    investor_id: 'investor_q',
  });
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** ids a form sent (one or several), without trusting their shape */
function sentIds(body: unknown, name: string): string[] {
  const value = (body as Record<string, unknown> | undefined)?.[name];
  return [value ?? []]
    .flat()
    .filter((v): v is string => typeof v === 'string' && UUID.test(v))
    .slice(0, 50);
}

/**
 * Relations and funding rounds, recorded from the profile's editing pages: a list with edit and
 * remove buttons, and a form that adds (or, at /:id, changes) one record. Forms come back with
 * the typed values and a message per field.
 */
export function connectionsRoutes(app: FastifyInstance, deps: { connections: ConnectionsService }) {
  const { connections } = deps;

  // ── relations ─────────────────────────────────────────────────────────────────────────────

  async function relationsReply(
    request: FastifyRequest<Params | IdParams>,
    state: { values: Record<string, string>; errors: Record<string, string>; picker: Picker },
    status: number,
    editing?: number,
  ) {
    const [ctx, view] = await Promise.all([
      request.pageContext(),
      connections.relationsPage(request.actor, request.params.slug),
    ]);
    return {
      status,
      page: RelationsPage({
        ctx,
        view,
        form: { values: state.values, errors: state.errors },
        picker: state.picker,
        editing,
      }),
    };
  }

  async function submitRelation(request: FastifyRequest<Params | IdParams>, id?: number) {
    const ctx = await request.pageContext();
    const body = request.body;
    const values = formValues(body);
    const parsed = relationForm.safeParse(body ?? {});
    const query = values.other_q?.trim() ?? '';
    const ids = sentIds(body, 'other_id');
    const searching = parsed.success
      ? parsed.data.action === 'search' && query !== ''
      : values.action?.startsWith('search') && query !== '';
    if (searching) {
      // a search for the other organisation: the form comes back with the matches to tick
      await connections.editable(request.actor, request.params.slug);
      const picker = await connections.pick(ids, query, true);
      return relationsReply(request, { values, errors: {}, picker }, 200, id);
    }
    if (!parsed.success) {
      const picker = await connections.pick(ids, query, false);
      const errors = parseErrors(ctx, parsed.error);
      return relationsReply(request, { values, errors, picker }, 422, id);
    }
    const outcome = await connections.saveRelation(
      request.actor,
      request.params.slug,
      parsed.data,
      id,
    );
    if (!outcome.ok) {
      const errors = messages(ctx, outcome.errors);
      return relationsReply(request, { values, errors, picker: outcome.picker }, 422, id);
    }
    return null;
  }

  app.get<Params>(
    '/annuaire/:slug/relations',
    { config: { access: can.edit } },
    async (request, reply) => {
      const { page } = await relationsReply(
        request,
        { values: {}, errors: {}, picker: emptyPicker },
        200,
      );
      return reply.html(page);
    },
  );

  app.post<Params>(
    '/annuaire/:slug/relations',
    { config: { access: can.edit } },
    async (request, reply) => {
      const answer = await submitRelation(request);
      if (answer) return reply.html(answer.page, answer.status);
      return reply
        .flash('relationSaved')
        .redirect(request.href(`/annuaire/${request.params.slug}/relations`), 303);
    },
  );

  app.get<IdParams>(
    '/annuaire/:slug/relations/:id',
    { config: { access: can.edit } },
    async (request, reply) => {
      const id = idOf(request.params.id);
      const { relation } = await connections.relationToEdit(request.actor, request.params.slug, id);
      const values = {
        type: directedOf(relation),
        started_on: relation.started_on ?? '',
        ended_on: relation.ended_on ?? '',
        note: relation.note ?? '',
      };
      const picker = { ...emptyPicker, chosen: [relation.other] };
      const { page } = await relationsReply(request, { values, errors: {}, picker }, 200, id);
      return reply.html(page);
    },
  );

  app.post<IdParams>(
    '/annuaire/:slug/relations/:id',
    { config: { access: can.edit } },
    async (request, reply) => {
      const id = idOf(request.params.id);
      await connections.relationToEdit(request.actor, request.params.slug, id);
      const answer = await submitRelation(request, id);
      if (answer) return reply.html(answer.page, answer.status);
      return reply
        .flash('relationSaved')
        .redirect(request.href(`/annuaire/${request.params.slug}/relations`), 303);
    },
  );

  app.post<IdParams>(
    '/annuaire/:slug/relations/:id/supprimer',
    { config: { access: can.edit } },
    async (request, reply) => {
      await connections.removeRelation(request.actor, request.params.slug, idOf(request.params.id));
      return reply
        .flash('relationRemoved')
        .redirect(request.href(`/annuaire/${request.params.slug}/relations`), 303);
    },
  );

  // ── funding rounds ────────────────────────────────────────────────────────────────────────

  async function roundsReply(
    request: FastifyRequest<Params | IdParams>,
    state: { values: Record<string, string>; errors: Record<string, string>; picker: Picker },
    status: number,
    editing?: number,
  ) {
    const [ctx, view] = await Promise.all([
      request.pageContext(),
      connections.roundsPage(request.actor, request.params.slug),
    ]);
    return {
      status,
      page: RoundsPage({
        ctx,
        view,
        form: { values: state.values, errors: state.errors },
        picker: state.picker,
        editing,
      }),
    };
  }

  async function submitRound(request: FastifyRequest<Params | IdParams>, id?: number) {
    const ctx = await request.pageContext();
    const body = request.body;
    const values = formValues(body);
    const parsed = roundForm.safeParse(body ?? {});
    const query = values.investor_q?.trim() ?? '';
    const ids = sentIds(body, 'investor_id');
    const searching = values.action?.startsWith('search') && query !== '';
    if (searching) {
      await connections.editable(request.actor, request.params.slug);
      const picker = await connections.pick(ids, query, true);
      return roundsReply(request, { values, errors: {}, picker }, 200, id);
    }
    if (!parsed.success) {
      const picker = await connections.pick(ids, query, false);
      const errors = parseErrors(ctx, parsed.error);
      return roundsReply(request, { values, errors, picker }, 422, id);
    }
    const outcome = await connections.saveRound(
      request.actor,
      request.params.slug,
      parsed.data,
      id,
    );
    if (!outcome.ok) {
      const errors = messages(ctx, outcome.errors);
      return roundsReply(request, { values, errors, picker: outcome.picker }, 422, id);
    }
    return null;
  }

  app.get<Params>(
    '/annuaire/:slug/levees',
    { config: { access: can.edit } },
    async (request, reply) => {
      const { page } = await roundsReply(
        request,
        { values: {}, errors: {}, picker: emptyPicker },
        200,
      );
      return reply.html(page);
    },
  );

  app.post<Params>(
    '/annuaire/:slug/levees',
    { config: { access: can.edit } },
    async (request, reply) => {
      const answer = await submitRound(request);
      if (answer) return reply.html(answer.page, answer.status);
      return reply
        .flash('roundSaved')
        .redirect(request.href(`/annuaire/${request.params.slug}/levees`), 303);
    },
  );

  app.get<IdParams>(
    '/annuaire/:slug/levees/:id',
    { config: { access: can.edit } },
    async (request, reply) => {
      const id = idOf(request.params.id);
      const { round } = await connections.roundToEdit(request.actor, request.params.slug, id);
      const values = {
        announced_on: round.announced_on,
        amount: round.amount_eur === null ? '' : String(round.amount_eur),
        stage: round.stage,
      };
      const picker = { ...emptyPicker, chosen: round.investors };
      const { page } = await roundsReply(request, { values, errors: {}, picker }, 200, id);
      return reply.html(page);
    },
  );

  app.post<IdParams>(
    '/annuaire/:slug/levees/:id',
    { config: { access: can.edit } },
    async (request, reply) => {
      const id = idOf(request.params.id);
      await connections.roundToEdit(request.actor, request.params.slug, id);
      const answer = await submitRound(request, id);
      if (answer) return reply.html(answer.page, answer.status);
      return reply
        .flash('roundSaved')
        .redirect(request.href(`/annuaire/${request.params.slug}/levees`), 303);
    },
  );

  app.post<IdParams>(
    '/annuaire/:slug/levees/:id/supprimer',
    { config: { access: can.edit } },
    async (request, reply) => {
      await connections.removeRound(request.actor, request.params.slug, idOf(request.params.id));
      return reply
        .flash('roundRemoved')
        .redirect(request.href(`/annuaire/${request.params.slug}/levees`), 303);
    },
  );
}
