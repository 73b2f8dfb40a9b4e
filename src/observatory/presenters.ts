import { directoryEn } from '../directory/directory.en.ts';
import { directoryFr } from '../directory/directory.fr.ts';
import type { Source } from '../directory/directory.schema.ts';
import { formatter, type Locale } from '../web/i18n/index.ts';
import { observatoryEn } from './observatory.en.ts';
import { observatoryFr } from './observatory.fr.ts';
import type { MemberRow, ObjectiveRow, ResultRow } from './observatory.repository.ts';
import type { MemberItem, ObjectiveItem } from './observatory.schema.ts';
import type { Projection } from './projection.ts';

/** How the stored rows read in pages and the API: in words, in the reader's language. */

export const withPrefix = (locale: Locale, p: string) => `${locale === 'en' ? '/en' : ''}${p}`;

function describeRule(o: ObjectiveRow, locale: Locale, fields: Map<string, string>): string {
  const t = locale === 'fr' ? observatoryFr : observatoryEn;
  const kinds = (locale === 'fr' ? directoryFr : directoryEn).directory.kinds as Record<
    string,
    string
  >;
  const fmt = formatter(locale);
  const n = (v: number) => fmt.number(v);
  return t.ruleText({
    active: o.active_only,
    scope: t.scopes[o.scope],
    sector:
      o.field_slugs.length === 0
        ? t.sectorAll
        : t.sectorFields(fmt.list(o.field_slugs.map((f) => fields.get(f) ?? f))),
    kinds: o.kinds.length ? t.kindsText(fmt.list(o.kinds.map((k) => kinds[k] ?? k))) : '',
    created: o.created_on_or_after ? t.createdText(fmt.date(o.created_on_or_after)) : '',
    measure: t.measures[o.measure],
    range:
      o.max_employees === null
        ? t.rangeAtLeast(n(o.min_employees))
        : t.rangeBetween(n(o.min_employees), n(o.max_employees)),
  });
}

function describeProjection(p: Projection | undefined, locale: Locale) {
  const t = locale === 'fr' ? observatoryFr : observatoryEn;
  const fmt = formatter(locale);
  if (!p)
    return { method: 'not_computed' as const, points: 0, description: t.methods.not_computed };
  switch (p.method) {
    case 'least_squares':
      return {
        method: p.method,
        value: p.value,
        on: p.on,
        points: p.points,
        per_year: p.perYear,
        description: t.methods.least_squares(
          fmt.number(p.value),
          fmt.date(p.on),
          p.points,
          fmt.number(p.perYear),
        ),
      };
    case 'deadline_passed':
      return {
        method: p.method,
        on: p.on,
        value_at_deadline: p.valueAtDeadline,
        points: p.points,
        description: t.methods.deadline_passed(
          fmt.date(p.on),
          p.valueAtDeadline === null ? null : fmt.number(p.valueAtDeadline),
        ),
      };
    case 'insufficient':
      return {
        method: p.method,
        points: p.points,
        description: t.methods.insufficient(p.points),
      };
  }
}

export type PresentContext = {
  locale: Locale;
  fields: Map<string, string>;
  asOf: string | null;
  demo: boolean;
};

export function presentObjective(
  o: ObjectiveRow,
  result: ResultRow | undefined,
  context: PresentContext,
): ObjectiveItem {
  const { locale } = context;
  return {
    id: o.id,
    title: locale === 'fr' ? o.title_fr : o.title_en,
    rule: {
      scope: o.scope,
      fields: o.field_slugs,
      kinds: o.kinds as ObjectiveItem['rule']['kinds'],
      measure: o.measure,
      min_employees: o.min_employees,
      max_employees: o.max_employees,
      created_on_or_after: o.created_on_or_after,
      active_only: o.active_only,
      description: describeRule(o, locale, context.fields),
    },
    target: o.target,
    deadline: o.deadline,
    value: result ? result.value : null,
    history: result?.history ?? [],
    projection: describeProjection(result?.projection as Projection | undefined, locale),
    data_as_of: result ? context.asOf : null,
    computed_at: result ? result.computed_at.toISOString() : null,
    demo: context.demo,
    url: withPrefix(locale, `/observatoire/objectifs/${o.id}`),
  };
}

export function presentMember(m: MemberRow, locale: Locale): MemberItem {
  return {
    id: m.organisation_id,
    slug: m.slug,
    siren: m.siren,
    name: m.name,
    kind: m.kind,
    status: m.status,
    demo: m.is_demo,
    headcount: {
      band: m.band,
      exact: m.exact,
      low: m.low,
      high: m.high,
      year: m.year,
      source: (m.source as Source | null) ?? null,
      observed_on: m.observed_on,
    },
    url: withPrefix(locale, `/annuaire/${m.slug}`),
  };
}
