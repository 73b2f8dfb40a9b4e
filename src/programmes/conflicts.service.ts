import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import type { Locale } from '../kernel/locale.ts';
import {
  type ConflictRelation,
  type ConflictRow,
  conflictsRepository,
} from './conflicts.repository.ts';
import { programmesJuriesEn } from './juries.en.ts';
import { programmesJuriesFr } from './juries.fr.ts';

const text = { fr: programmesJuriesFr, en: programmesJuriesEn };

type Ref = { id: string; name: string };

/**
 * A conflict of interest between a reviewer and an applicant organisation, with what proves it.
 * Plain JSON: an override keeps the list as it was detected (`overridden_conflicts`).
 */
export type Conflict = {
  /** what identifies this tie, to compare a list detected now with one overridden before */
  key: string;
  kind: 'declared' | 'member' | 'relation' | 'funding';
  /** the applicant organisation, or one merged into it that carries the tie */
  organisation: Ref;
  /** the name of the applicant when `organisation` is one merged into it */
  merged_into: string | null;
  declaration?: { type: string; note: string; at: string };
  /** the reviewer's organisation tied to the applicant */
  via?: Ref;
  relation?: {
    id: number;
    type: ConflictRelation;
    /** outgoing: `via` is the subject ("via invests in the applicant") */
    direction: 'outgoing' | 'incoming';
    recorded_by: string | null;
    source: string;
  };
  round?: { id: number; on: string; stage: string };
};

/** the conflicts of each reviewer with each applicant: `reviewer|applicant` → conflicts */
export type ConflictMatrix = Map<string, Conflict[]>;
export const pairKey = (reviewerId: string, applicantId: string) => `${reviewerId}|${applicantId}`;

function conflictOf(row: ConflictRow, applicantName: (id: string) => string): Conflict {
  const organisation = { id: row.target_id, name: row.target_name };
  const merged = row.target_id === row.applicant_id ? null : applicantName(row.applicant_id);
  const via = row.via_id ? { id: row.via_id, name: row.via_name ?? '' } : undefined;
  switch (row.kind) {
    case 'declared':
      return {
        key: `declared:${row.target_id}`,
        kind: 'declared',
        organisation,
        merged_into: merged,
        declaration: {
          type: row.declaration_type ?? 'other',
          note: row.declaration_note ?? '',
          at: (row.declared_at ?? new Date(0)).toISOString(),
        },
      };
    case 'member':
      return { key: `member:${row.target_id}`, kind: 'member', organisation, merged_into: merged };
    case 'relation':
      return {
        key: `relation:${row.relation_id}:${row.via_id}`,
        kind: 'relation',
        organisation,
        merged_into: merged,
        ...(via ? { via } : {}),
        relation: {
          id: Number(row.relation_id),
          type: row.relation_type as ConflictRelation,
          direction: row.via_is_from ? 'outgoing' : 'incoming',
          recorded_by: row.recorded_by,
          source: row.relation_source ?? 'staff',
        },
      };
    default:
      return {
        key: `funding:${row.round_id}:${row.via_id}`,
        kind: 'funding',
        organisation,
        merged_into: merged,
        ...(via ? { via } : {}),
        round: { id: Number(row.round_id), on: row.round_on ?? '', stage: row.round_stage ?? '' },
      };
  }
}

const day = (iso: string, locale: Locale) => {
  const [y, m, d] = iso.split('-');
  return locale === 'fr' ? `${d}/${m}/${y}` : iso;
};

/** one conflict in words, in a language ("Membre de X, lié : X investit dans Y (…)") */
export function conflictReason(c: Conflict, locale: Locale): string {
  const t = text[locale].conflicts;
  const org = c.organisation.name;
  const merged = c.merged_into ? t.merged(org, c.merged_into) : '';
  if (c.kind === 'declared' && c.declaration) {
    const type = t.types[c.declaration.type as keyof typeof t.types] ?? c.declaration.type;
    return t.declared(org, type, c.declaration.note) + merged;
  }
  if (c.kind === 'relation' && c.relation && c.via) {
    const r = c.relation;
    const who = r.recorded_by ?? t.sources[r.source as keyof typeof t.sources] ?? r.source;
    const [from, to] = r.direction === 'outgoing' ? [c.via.name, org] : [org, c.via.name];
    return t.relation(c.via.name, from, t.relations[r.type], to, who) + merged;
  }
  if (c.kind === 'funding' && c.round && c.via) {
    const stage = t.stages[c.round.stage as keyof typeof t.stages] ?? c.round.stage;
    return t.funding(c.via.name, org, day(c.round.on, locale), stage) + merged;
  }
  return t.member(org) + merged;
}

/** every conflict of a list in words, one sentence each */
export function conflictsReason(list: readonly Conflict[], locale: Locale): string {
  return list.map((c) => `${conflictReason(c, locale)}.`).join(' ');
}

/** the conflicts detected now that an override did not cover (declared ones are never covered) */
export function uncovered(now: readonly Conflict[], overridden: unknown): Conflict[] {
  const keys = new Set(
    Array.isArray(overridden) ? overridden.map((c) => (c as { key?: unknown }).key) : [],
  );
  return now.filter((c) => !keys.has(c.key));
}

/**
 * Conflicts of interest, declared by reviewers or detected from the directory's graph: the
 * reviewer is a member of the applicant (or of an organisation merged into it), or of an
 * organisation tied to it by a relation (invests in, accelerates, partner of, parent of, spin-off
 * of; either direction) or that invested in one of its funding rounds. Read in one query for one
 * pair or for a whole call's reviewers × applicants.
 */
export function conflictsService(db: Kysely<DB>) {
  return {
    async matrix(
      reviewerIds: readonly string[],
      applicants: readonly Ref[],
    ): Promise<ConflictMatrix> {
      const names = new Map(applicants.map((a) => [a.id, a.name]));
      const rows = await conflictsRepository(db).between(
        reviewerIds,
        applicants.map((a) => a.id),
      );
      const out: ConflictMatrix = new Map();
      for (const row of rows) {
        const key = pairKey(row.reviewer_id, row.applicant_id);
        const list = out.get(key) ?? [];
        list.push(conflictOf(row, (id) => names.get(id) ?? ''));
        out.set(key, list);
      }
      return out;
    },

    async between(reviewerId: string, applicant: Ref): Promise<Conflict[]> {
      const m = await this.matrix([reviewerId], [applicant]);
      return m.get(pairKey(reviewerId, applicant.id)) ?? [];
    },
  };
}
