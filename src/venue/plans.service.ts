import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { DB } from '../db/schema.ts';
import { coreError } from '../kernel/errors.ts';
import { fieldMessages, formValues } from '../kernel/forms.ts';
import { type Actor, authorize, requireUser } from '../kernel/policy.ts';
import { slugify } from '../kernel/slug.ts';
import { type PlanRow, plansRepository } from './plans.repository.ts';
import { isDay, type VenueProblems } from './spaces.forms.ts';
import { isUuid } from './spaces.service.ts';
import { venueError } from './venue.errors.ts';
import type { VenueDeps } from './venue.part.ts';
import { venuePolicy as can } from './venue.policy.ts';

type Read<T> = { ok: true; data: T } | { ok: false; problems: VenueProblems };
export type PlanInput = Omit<PlanRow, 'id' | 'is_demo'>;

const planForm = z.object({
  name_fr: z.string().trim().min(1, 'required').max(200, 'too_long'),
  name_en: z.string().trim().min(1, 'required').max(200, 'too_long'),
  slug: z
    .string()
    .trim()
    .max(100, 'too_long')
    .refine((s) => s === '' || /^[a-z0-9]+(-[a-z0-9]+)*$/.test(s), 'slug_format')
    .default(''),
  coworking_days: z
    .string()
    .trim()
    .regex(/^\d{1,3}$/, 'whole_number')
    .refine((s) => Number(s) <= 31, 'out_of_range'),
  meeting_hours: z
    .string()
    .trim()
    .regex(/^\d{1,3}$/, 'whole_number')
    .refine((s) => Number(s) <= 744, 'out_of_range'),
});

const keys = Object.fromEntries(
  ['required', 'too_long', 'slug_format', 'whole_number', 'out_of_range'].map((k) => [k, k]),
);

/** a plan's form: its names, its address, its monthly allowances */
export function readPlan(body: unknown): Read<PlanInput> {
  const parsed = planForm.safeParse({
    coworking_days: '0',
    meeting_hours: '0',
    ...formValues(body),
  });
  if (!parsed.success)
    return {
      ok: false,
      problems: fieldMessages(parsed.error.issues, keys, 'required') as VenueProblems,
    };
  const d = parsed.data;
  return {
    ok: true,
    data: {
      name_fr: d.name_fr,
      name_en: d.name_en,
      slug: d.slug || slugify(d.name_fr).slice(0, 100),
      coworking_days: Number(d.coworking_days),
      meeting_hours: Number(d.meeting_hours),
    },
  };
}

/**
 * Plans and who holds them. Staff name the organisation as they know it (its name, SIREN or
 * address); the directory's picker says which one that is, or that it is unknown or ambiguous.
 */
export function plansService(db: Kysely<DB>, picker: VenueDeps['picker']) {
  const repo = plansRepository(db);
  return {
    async overview(actor: Actor) {
      authorize(actor, can.manage, undefined);
      const [plans, holders] = await Promise.all([repo.plans(), repo.holders()]);
      return { plans, holders };
    },

    /** deletes a plan no organisation ever held; archives one that was held (no longer given) */
    async remove(actor: Actor, id: string): Promise<'deleted' | 'archived'> {
      authorize(actor, can.manage, undefined);
      if (!isUuid(id) || !(await repo.plan(id))) throw venueError('VENUE_PLAN_NOT_FOUND');
      if (!(await repo.everHeld(id))) {
        try {
          await repo.deletePlan(id);
          return 'deleted';
        } catch (error) {
          // given meanwhile: kept, archived
          if ((error as { code?: string }).code !== '23503') throw error;
        }
      }
      await repo.archivePlan(id);
      return 'archived';
    },

    async save(actor: Actor, id: string | null, input: PlanInput) {
      authorize(actor, can.manage, undefined);
      if (id !== null && (!isUuid(id) || !(await repo.plan(id))))
        throw venueError('VENUE_PLAN_NOT_FOUND');
      if (await repo.slugTaken(input.slug, id)) throw venueError('VENUE_PLAN_SLUG_TAKEN');
      if (id === null) await repo.insertPlan({ ...input, is_demo: false });
      else await repo.updatePlan(id, input);
    },

    /**
     * gives a plan to the organisation the staff named; the problems by field when the form is
     * wrong (the picker's choices come back to be ticked)
     */
    async assign(
      actor: Actor,
      body: unknown,
    ): Promise<{ ok: true } | { ok: false; problems: VenueProblems; picker: unknown }> {
      authorize(actor, can.manage, undefined);
      const values = formValues(body);
      const raw = (body ?? {}) as Record<string, unknown>;
      const ids = (Array.isArray(raw.org_id) ? raw.org_id : [raw.org_id])
        .filter((v): v is string => typeof v === 'string' && isUuid(v))
        .slice(0, 5);
      const problems: VenueProblems = {};
      const planId = values.plan_id ?? '';
      const plan = isUuid(planId) ? await repo.plan(planId) : undefined;
      if (!plan || plan.archived) problems.plan_id = 'plan_required';
      const starts = (values.starts_on ?? '').trim();
      const ends = (values.ends_on ?? '').trim();
      if (starts === '') problems.starts_on = 'required';
      else if (!isDay(starts)) problems.starts_on = 'not_a_date';
      if (ends !== '' && !isDay(ends)) problems.ends_on = 'not_a_date';
      else if (ends !== '' && isDay(starts) && ends < starts) problems.ends_on = 'end_before_start';
      const query = (values.org_q ?? '').trim();
      let picked: Awaited<ReturnType<typeof picker.resolveOne>> = { picker: undefined };
      if (ids.length === 0 && query === '') problems.org_q = 'required';
      else {
        picked = await picker.resolveOne(ids, query);
        if (!picked.org)
          problems.org_q =
            picked.error === 'organisationAmbiguous' ? 'org_ambiguous' : 'org_unknown';
      }
      if (Object.keys(problems).length > 0 || !picked.org)
        return { ok: false, problems, picker: picked.picker };
      await repo.insertHolder({
        organisation_id: picked.org.id,
        plan_id: planId,
        starts_on: starts,
        ends_on: ends === '' ? null : ends,
        created_by: requireUser(actor).id,
      });
      return { ok: true };
    },

    /** the organisations the text names, for the staff to tick (nothing is written) */
    async search(actor: Actor, body: unknown): Promise<unknown> {
      authorize(actor, can.manage, undefined);
      const query = (formValues(body).org_q ?? '').trim();
      if (query === '') return undefined;
      return (await picker.resolveOne([], query)).picker;
    },

    async unassign(
      actor: Actor,
      key: { organisation_id: string; plan_id: string; starts_on: string },
    ) {
      authorize(actor, can.manage, undefined);
      const valid = isUuid(key.organisation_id) && isUuid(key.plan_id) && isDay(key.starts_on);
      if (!valid || !(await repo.deleteHolder(key))) throw coreError('NOT_FOUND');
    },
  };
}

export type PlansService = ReturnType<typeof plansService>;
