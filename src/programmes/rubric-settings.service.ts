import type { Kysely } from 'kysely';
import { appendAudit } from '../audit/audit.service.ts';
import type { DB } from '../db/schema.ts';
import { coreError } from '../kernel/errors.ts';
import { type Actor, authorize, requireUser } from '../kernel/policy.ts';
import { programmesPolicy as can } from './programmes.policy.ts';
import { reviewsError } from './reviews.errors.ts';
import type { CallSettingsRow } from './reviews.repository.ts';
import { reviewsRepository } from './reviews.repository.ts';
import { type Settings, type SettingsInput, settingsSchema } from './reviews.schema.ts';
import { sameScoring, storedRubric } from './rubric.ts';

/** a problem of the settings: its path (`rubric.0.key`, `label_name_en`) → a message key */
export type SettingsProblems = Record<string, string>;

/** the letters' templates as stored, each of the four a text (empty: the platform's) */
export function storedLetters(value: unknown): Settings['letter_templates'] {
  const v = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
  const side = (lang: 'fr' | 'en') => {
    const s = (typeof v[lang] === 'object' && v[lang] !== null ? v[lang] : {}) as Record<
      string,
      unknown
    >;
    const textOf = (k: string) => (typeof s[k] === 'string' ? (s[k] as string) : '');
    return { accepted: textOf('accepted'), refused: textOf('refused') };
  };
  return { fr: side('fr'), en: side('en') };
}

/** what the audit keeps of the settings: the scoring, the jury's, and whether a label is set */
const summary = (
  c: Pick<CallSettingsRow, 'rubric' | 'score_method'> & Partial<CallSettingsRow>,
) => ({
  rubric: storedRubric(c.rubric).map((r) => ({ key: r.key, weight: r.weight, max: r.max })),
  score_method: c.score_method,
  reviewers_per_application: c.reviewers_per_application,
  scores_hidden_until_submitted: c.scores_hidden_until_submitted,
  label_name_fr: c.label_name_fr,
  label_valid_months: c.label_valid_months,
});

/** two criteria of one key; a label named in one language only */
function crossProblems(input: SettingsInput): SettingsProblems {
  const out: SettingsProblems = {};
  const seen = new Set<string>();
  input.rubric.forEach((c, i) => {
    if (c.key !== '' && seen.has(c.key)) out[`rubric.${i}.key`] = 'key_taken';
    seen.add(c.key);
  });
  if (Boolean(input.label_name_fr) !== Boolean(input.label_name_en))
    out[input.label_name_fr ? 'label_name_en' : 'label_name_fr'] = 'label_pair';
  return out;
}

/**
 * A call's rubric and jury settings (staff): read them, with how many reviews are submitted;
 * save them checked by `settingsSchema` (422 RUBRIC_INVALID, its problems by path), refusing a
 * change of the criteria, weights, scales or method once a review is submitted (409
 * RUBRIC_LOCKED). Labels, letters and the jury's options may change at any time.
 */
export function rubricSettingsService(db: Kysely<DB>) {
  return {
    async settings(actor: Actor, callId: number) {
      authorize(actor, can.manage, undefined);
      const repo = reviewsRepository(db);
      const call = await repo.callSettings(callId);
      if (!call) throw coreError('NOT_FOUND');
      return {
        call,
        rubric: storedRubric(call.rubric),
        letters: storedLetters(call.letter_templates),
        submitted: await repo.submittedCount(callId),
      };
    },

    async save(actor: Actor, callId: number, input: SettingsInput): Promise<Settings> {
      authorize(actor, can.manage, undefined);
      const user = requireUser(actor);
      const parsed = settingsSchema.safeParse(input);
      if (!parsed.success) {
        // the checks across inputs, which the schema runs only once each input holds
        const problems: SettingsProblems = crossProblems(input);
        for (const issue of parsed.error.issues) {
          const path = issue.path.map(String).join('.') || '_form';
          problems[path] ??= issue.message;
        }
        throw reviewsError('RUBRIC_INVALID', undefined, problems);
      }
      const s = parsed.data;
      const settings = {
        ...s,
        label_name_fr: s.label_name_fr || null,
        label_name_en: s.label_name_en || null,
      };
      await db.transaction().execute(async (trx) => {
        const repo = reviewsRepository(trx);
        const call = await repo.lockCallSettings(callId);
        if (!call) throw coreError('NOT_FOUND');
        const scoringChanged =
          !sameScoring(storedRubric(call.rubric), settings.rubric) ||
          call.score_method !== settings.score_method;
        if (scoringChanged && (await repo.submittedCount(callId)) > 0)
          throw reviewsError('RUBRIC_LOCKED');
        await repo.saveSettings(callId, settings);
        await appendAudit(trx, {
          actorId: user.id,
          subjectType: 'call',
          subjectId: callId,
          action: 'review_settings',
          before: summary(call),
          after: summary({ ...settings, rubric: settings.rubric }),
        });
      });
      return settings;
    },
  };
}

export type RubricSettingsService = ReturnType<typeof rubricSettingsService>;
