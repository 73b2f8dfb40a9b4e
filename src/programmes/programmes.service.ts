import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { coreError } from '../kernel/errors.ts';
import type { Locale } from '../kernel/locale.ts';
import { type Actor, authorize } from '../kernel/policy.ts';
import { type EligibilityRule, eligibilityRules } from './eligibility.ts';
import { type FormField, formDefinition, storedFields } from './forms/definition.ts';
import { programmesError } from './programmes.errors.ts';
import { programmesPolicy as can } from './programmes.policy.ts';
import { type CallRow, programmesRepository } from './programmes.repository.ts';

const SLUG = /^[a-z0-9]+(-[a-z0-9]+)*$/;

export type CallStatus = 'upcoming' | 'open' | 'closed';

/** a call's status at an instant: open from its opening to its closing (the grace is not shown) */
export function callStatus(call: Pick<CallRow, 'opens_at' | 'closes_at'>, now: Date): CallStatus {
  if (now < call.opens_at) return 'upcoming';
  return now <= call.closes_at ? 'open' : 'closed';
}

export type ProgrammeInput = {
  slug: string;
  nameFr: string;
  nameEn: string;
  descriptionFr?: string;
  descriptionEn?: string;
  ownerOrganisationId?: string | null;
  demo?: boolean;
};

export type CallInput = {
  programmeId: number;
  slug: string;
  referenceCode: string;
  titleFr: string;
  titleEn: string;
  descriptionFr?: string;
  descriptionEn?: string;
  opensAt: Date;
  closesAt: Date;
  graceUntil: Date;
  eligibility: unknown;
  form: unknown;
  demo?: boolean;
};

/** what staff may change of a call once it exists (its form changes by versions) */
export type CallEdit = Omit<CallInput, 'programmeId' | 'form' | 'demo'>;

const REFERENCE_CODE = /^[A-Z0-9]{2,8}$/;

/**
 * A refusal of the database, as the error it means: a closing before the opening, a grace ending
 * before the closing (CALL_INVALID, its `fields` naming the input and the message's key in
 * `t.programmes.admin.messages`), a slug taken in between (SLUG_TAKEN); anything else as it is.
 */
function refusal(error: unknown): unknown {
  const e = error as { code?: string; constraint?: string };
  if (e?.code === '23514' && e.constraint === 'programme_calls_check')
    return programmesError('CALL_INVALID', 'closes before it opens', {
      closes_at: 'closes_before_opens',
    });
  if (e?.code === '23514' && e.constraint === 'programme_calls_check1')
    return programmesError('CALL_INVALID', 'grace ends before the closing', {
      grace: 'grace_before_closes',
    });
  if (e?.code === '23505' && /_slug_key$/.test(e.constraint ?? ''))
    return programmesError('SLUG_TAKEN');
  return error;
}

/** the form's fields with labels in one language, as the API gives them */
export function localisedFields(fields: readonly FormField[], locale: Locale): unknown[] {
  return fields.map((f) => ({
    ...f,
    label: f.label[locale],
    ...(f.options
      ? { options: f.options.map((o) => ({ value: o.value, label: o.label[locale] })) }
      : {}),
    ...(f.fields ? { fields: localisedFields(f.fields, locale) } : {}),
  }));
}

function checkedForm(form: unknown): FormField[] {
  const parsed = formDefinition.safeParse(form);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => i.message).join('; ');
    throw programmesError('FORM_INVALID', problems.slice(0, 2000));
  }
  return parsed.data;
}

/** staff changing a programme or a call that exists (its form changes by versions: editForm) */
function editing(db: Kysely<DB>) {
  return {
    /** a programme's names, descriptions, address and owner, written over */
    async updateProgramme(
      actor: Actor,
      id: number,
      input: Omit<ProgrammeInput, 'demo'>,
    ): Promise<void> {
      authorize(actor, can.manage, undefined);
      if (!SLUG.test(input.slug))
        throw programmesError('CALL_INVALID', `slug: ${input.slug}`, { slug: 'slug_format' });
      try {
        await db.transaction().execute(async (trx) => {
          const r = programmesRepository(trx);
          if (!(await r.programmeExists(id))) throw coreError('NOT_FOUND');
          if (await r.slugTaken('programmes', input.slug, id)) throw programmesError('SLUG_TAKEN');
          await r.updateProgramme(id, {
            slug: input.slug,
            name_fr: input.nameFr,
            name_en: input.nameEn,
            description_fr: input.descriptionFr ?? '',
            description_en: input.descriptionEn ?? '',
            owner_organisation_id: input.ownerOrganisationId ?? null,
          });
        });
      } catch (error) {
        throw refusal(error);
      }
    },

    /**
     * A call's texts, address, dates and rules, written over. Its dates may move even with
     * applications submitted; its reference code may not once an acknowledgement bears it
     * (REFERENCE_CODE_LOCKED). The database refuses dates out of order: CALL_INVALID with the
     * input at fault.
     */
    async updateCall(actor: Actor, callId: number, input: CallEdit): Promise<void> {
      authorize(actor, can.manage, undefined);
      const rules = eligibilityRules.safeParse(input.eligibility);
      if (!rules.success)
        throw programmesError('CALL_INVALID', 'eligibility rules', { eligibility: 'rules' });
      if (!SLUG.test(input.slug))
        throw programmesError('CALL_INVALID', 'slug', { slug: 'slug_format' });
      if (!REFERENCE_CODE.test(input.referenceCode))
        throw programmesError('CALL_INVALID', 'reference code', {
          reference_code: 'reference_format',
        });
      try {
        await db.transaction().execute(async (trx) => {
          const r = programmesRepository(trx);
          const current = await r.lockCall(callId);
          if (!current) throw coreError('NOT_FOUND');
          if (current.reference_code !== input.referenceCode && current.acknowledgements_issued > 0)
            throw programmesError('REFERENCE_CODE_LOCKED', undefined, {
              reference_code: 'reference_locked',
            });
          if (await r.slugTaken('programme_calls', input.slug, callId))
            throw programmesError('SLUG_TAKEN');
          await r.updateCall(callId, callColumns(input, rules.data));
        });
      } catch (error) {
        throw refusal(error);
      }
    },
  };
}

/**
 * Programmes and calls as staff set them up, and as everyone reads them. Editing the form of a
 * call adds a version: applications keep the one they were started on.
 */
/** a call's columns as staff write them, on its creation and its edits */
function callColumns(input: CallEdit, rules: EligibilityRule[]) {
  return {
    slug: input.slug,
    reference_code: input.referenceCode,
    title_fr: input.titleFr,
    title_en: input.titleEn,
    description_fr: input.descriptionFr ?? '',
    description_en: input.descriptionEn ?? '',
    opens_at: input.opensAt,
    closes_at: input.closesAt,
    grace_until: input.graceUntil,
    eligibility: JSON.stringify(rules),
  };
}

export function programmesService(db: Kysely<DB>, clock: () => Date = () => new Date()) {
  const repo = programmesRepository(db);
  const staffId = (actor: Actor) => (actor.kind === 'user' ? actor.user.id : null);

  return {
    ...editing(db),

    async createProgramme(actor: Actor, input: ProgrammeInput): Promise<number> {
      authorize(actor, can.manage, undefined);
      if (!SLUG.test(input.slug)) throw programmesError('CALL_INVALID', `slug: ${input.slug}`);
      if (await repo.slugTaken('programmes', input.slug)) throw programmesError('SLUG_TAKEN');
      return repo.insertProgramme({
        slug: input.slug,
        name_fr: input.nameFr,
        name_en: input.nameEn,
        description_fr: input.descriptionFr ?? '',
        description_en: input.descriptionEn ?? '',
        owner_organisation_id: input.ownerOrganisationId ?? null,
        created_by: staffId(actor),
        is_demo: input.demo ?? false,
      });
    },

    /** a call with its first form version */
    async createCall(actor: Actor, input: CallInput): Promise<{ id: number; formVersion: number }> {
      authorize(actor, can.manage, undefined);
      const fields = checkedForm(input.form);
      const rules = eligibilityRules.safeParse(input.eligibility);
      if (!rules.success) throw programmesError('CALL_INVALID', 'eligibility rules');
      const datesOk = input.opensAt < input.closesAt && input.closesAt <= input.graceUntil;
      if (!datesOk || !SLUG.test(input.slug) || !REFERENCE_CODE.test(input.referenceCode))
        throw programmesError('CALL_INVALID');
      return db.transaction().execute(async (trx) => {
        const r = programmesRepository(trx);
        if (!(await r.programmeExists(input.programmeId))) throw coreError('NOT_FOUND');
        if (await r.slugTaken('programme_calls', input.slug)) throw programmesError('SLUG_TAKEN');
        const id = await r.insertCall({
          programme_id: input.programmeId,
          ...callColumns(input, rules.data),
          is_demo: input.demo ?? false,
        });
        return { id, formVersion: await r.addFormVersion(id, fields, staffId(actor)) };
      });
    },

    /** a new version of the call's form, now its current one; applications keep theirs */
    async editForm(actor: Actor, callId: number, form: unknown): Promise<number> {
      authorize(actor, can.manage, undefined);
      const fields = checkedForm(form);
      return db.transaction().execute(async (trx) => {
        const r = programmesRepository(trx);
        if (!(await r.call(callId))) throw coreError('NOT_FOUND');
        return r.addFormVersion(callId, fields, staffId(actor));
      });
    },

    async calls(): Promise<(CallRow & { status: CallStatus })[]> {
      const now = clock();
      return (await repo.calls()).map((c) => ({ ...c, status: callStatus(c, now) }));
    },

    async call(id: number): Promise<CallRow & { rules: EligibilityRule[] }> {
      const call = await repo.call(id);
      if (!call) throw coreError('NOT_FOUND');
      return { ...call, rules: eligibilityRules.parse(call.eligibility) };
    },

    /** the call's current form (a call without one has no form yet: 404) */
    async currentForm(callId: number): Promise<{ version: number; fields: FormField[] }> {
      const call = await repo.call(callId);
      if (!call || call.current_form_version === null) throw coreError('NOT_FOUND');
      const version = await repo.formVersion(callId, call.current_form_version);
      if (!version) throw coreError('NOT_FOUND');
      return { version: version.number, fields: storedFields(version.fields) };
    },
  };
}

export type ProgrammesService = ReturnType<typeof programmesService>;
