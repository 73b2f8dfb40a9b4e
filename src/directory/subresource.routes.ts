import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ReactElement } from 'react';
import type { z } from 'zod';
import { coreError } from '../kernel/errors.ts';
import { fieldMessages, formValues } from '../kernel/forms.ts';
import type { Actor } from '../kernel/policy.ts';
import type { PageContext } from '../web/context.ts';
import type { FlashKey } from '../web/http.ts';
import type { OrgRef } from './connections.repository.ts';
import type { MessageKey } from './connections.schema.ts';
import type { ConnectionsService, Outcome, Picker } from './connections.service.ts';
import { directoryPolicy as can } from './directory.policy.ts';
import { emptyPicker } from './pages/OrgPicker.tsx';

/** what a sub-resource's page shows in its form: the values typed, a message per field */
export type SubresourceForm = { values: Record<string, string>; errors: Record<string, string> };

/** what a sub-resource's page is drawn from */
export type SubresourcePageProps<View> = {
  ctx: PageContext;
  view: View;
  form: SubresourceForm;
  picker: Picker;
  /** the record being edited, when not adding one */
  editing?: number;
};

/**
 * A kind of record kept on an organisation's profile (its relations, its funding rounds), with an
 * organisation picker in its form: how the five routes below reach its rules and its page.
 */
export type Subresource<Input, View> = {
  /** its address under the profile: /annuaire/:slug/{path} */
  path: string;
  /** its picker's fields: `{picker}_q` (the text typed), `{picker}_id` (the ids ticked) */
  picker: string;
  form: z.ZodType<Input>;
  flash: { saved: FlashKey; removed: FlashKey };
  /** the page's list (refused to someone who may not edit the organisation) */
  view(actor: Actor, slug: string): Promise<View>;
  page(props: SubresourcePageProps<View>): ReactElement;
  /** a saved record as its form shows it; 404 when not the organisation's, 403 when locked */
  edited(
    actor: Actor,
    slug: string,
    id: number,
  ): Promise<{ values: Record<string, string>; chosen: OrgRef[] }>;
  save(actor: Actor, slug: string, input: Input, id?: number): Promise<Outcome>;
  remove(actor: Actor, slug: string, id: number): Promise<void>;
};

type Params = { Params: { slug: string } };
type IdParams = { Params: { slug: string; id: string } };

/** a record's id from the address; anything else is a page that does not exist */
export function idOf(raw: string): number {
  const id = Number(raw);
  if (!/^\d{1,9}$/.test(raw) || id < 1) throw coreError('NOT_FOUND');
  return id;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** ids a form sent (one or several), without trusting their shape */
export function sentIds(body: unknown, name: string): string[] {
  const value = (body as Record<string, unknown> | undefined)?.[name];
  return [value ?? []]
    .flat()
    .filter((v): v is string => typeof v === 'string' && UUID.test(v))
    .slice(0, 50);
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

/**
 * A sub-resource's five routes under /annuaire/:slug/{path}: the list with the form that adds
 * one (GET, POST), one record's form (GET, POST at /:id) and its removal (POST /:id/supprimer).
 * A form's "Search" button sends it back with the organisations found to tick; a refused form
 * comes back with what was typed and a message per field; a saved one redirects to the list.
 */
export function subresourceRoutes<Input, View>(
  app: FastifyInstance,
  picking: Pick<ConnectionsService, 'editable' | 'pick'>,
  def: Subresource<Input, View>,
) {
  const list = `/annuaire/:slug/${def.path}`;
  const listOf = (request: FastifyRequest<Params | IdParams>) =>
    request.href(`/annuaire/${request.params.slug}/${def.path}`);

  async function page(
    request: FastifyRequest<Params | IdParams>,
    state: SubresourceForm & { picker: Picker },
    editing?: number,
  ) {
    const [ctx, view] = await Promise.all([
      request.pageContext(),
      def.view(request.actor, request.params.slug),
    ]);
    const form = { values: state.values, errors: state.errors };
    return def.page({ ctx, view, form, picker: state.picker, editing });
  }

  /** the page to answer with (and its status), or null once the record is saved */
  async function submit(request: FastifyRequest<Params | IdParams>, id?: number) {
    const { actor, body } = request;
    const { slug } = request.params;
    const values = formValues(body);
    const query = values[`${def.picker}_q`]?.trim() ?? '';
    const ids = sentIds(body, `${def.picker}_id`);
    if (values.action?.startsWith('search') && query !== '') {
      // a search for an organisation: the form comes back with the matches to tick
      await picking.editable(actor, slug);
      const picker = await picking.pick(ids, query, true);
      return { status: 200, page: await page(request, { values, errors: {}, picker }, id) };
    }
    const parsed = def.form.safeParse(body ?? {});
    const ctx = await request.pageContext();
    if (!parsed.success) {
      const picker = await picking.pick(ids, query, false);
      const all = ctx.t.connections.messages;
      // a hidden id's problem is shown under its search box
      const errors = fieldMessages(parsed.error.issues, all, all.required, {
        [`${def.picker}_id`]: `${def.picker}_q`,
      });
      return { status: 422, page: await page(request, { values, errors, picker }, id) };
    }
    const outcome = await def.save(actor, slug, parsed.data, id);
    if (outcome.ok) return null;
    const errors = messages(ctx, outcome.errors);
    return {
      status: 422,
      page: await page(request, { values, errors, picker: outcome.picker }, id),
    };
  }

  app.get<Params>(list, { config: { access: can.edit } }, async (request, reply) => {
    const state = { values: {}, errors: {}, picker: emptyPicker };
    return reply.html(await page(request, state));
  });

  app.post<Params>(list, { config: { access: can.edit } }, async (request, reply) => {
    const answer = await submit(request);
    if (answer) return reply.html(answer.page, answer.status);
    return reply.flash(def.flash.saved).redirect(listOf(request), 303);
  });

  app.get<IdParams>(`${list}/:id`, { config: { access: can.edit } }, async (request, reply) => {
    const id = idOf(request.params.id);
    const { values, chosen } = await def.edited(request.actor, request.params.slug, id);
    const picker = { ...emptyPicker, chosen };
    return reply.html(await page(request, { values, errors: {}, picker }, id));
  });

  app.post<IdParams>(`${list}/:id`, { config: { access: can.edit } }, async (request, reply) => {
    const id = idOf(request.params.id);
    await def.edited(request.actor, request.params.slug, id);
    const answer = await submit(request, id);
    if (answer) return reply.html(answer.page, answer.status);
    return reply.flash(def.flash.saved).redirect(listOf(request), 303);
  });

  app.post<IdParams>(
    `${list}/:id/supprimer`,
    { config: { access: can.edit } },
    async (request, reply) => {
      await def.remove(request.actor, request.params.slug, idOf(request.params.id));
      return reply.flash(def.flash.removed).redirect(listOf(request), 303);
    },
  );
}
