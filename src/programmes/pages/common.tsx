import type { ApplicationState } from '../../db/schema.ts';
import type { PageContext } from '../../web/context.ts';
import type { CallSummary } from '../applicant.service.ts';
import type { EligibilityRule } from '../eligibility.ts';

/** a call's title, description and programme's name in the page's language */
export function callText(ctx: PageContext, call: CallSummary) {
  const en = ctx.locale === 'en';
  return {
    title: en ? call.title_en : call.title_fr,
    description: en ? call.description_en : call.description_fr,
    programme: en ? call.programme_name_en : call.programme_name_fr,
    programmeDescription: en ? call.programme_description_en : call.programme_description_fr,
  };
}

/** the address of a call's page */
export const callPath = (slug: string) => `/appels/${slug}`;
export const applicationPath = (id: number) => `/candidatures/${id}`;

export function StateBadge({ ctx, state }: { ctx: PageContext; state: ApplicationState }) {
  return <span className={`state state-${state}`}>{ctx.t.programmes.pages.states[state]}</span>;
}

/** a rule of the call, as a condition in words */
export function ruleText(ctx: PageContext, rule: EligibilityRule): string {
  const r = ctx.t.programmes.pages.rules;
  switch (rule.rule) {
    case 'kind':
      return r.kind(ctx.fmt.list(rule.kinds.map((k) => ctx.t.directory.kinds[k] ?? k)));
    case 'created_after':
      return r.created_after(rule.year);
    case 'headcount_below':
      return r.headcount_below(ctx.fmt.number(rule.max));
    default:
      return r[rule.rule];
  }
}

/** when a call opens, closes, and how late a draft started in time may still be submitted */
export function CallDates({ ctx, call }: { ctx: PageContext; call: CallSummary }) {
  const d = ctx.t.programmes.pages.dates;
  const graceHours = Math.round((call.grace_until.getTime() - call.closes_at.getTime()) / 3.6e6);
  return (
    <dl className="facts">
      <dt>{d.opens}</dt>
      <dd>
        <time dateTime={call.opens_at.toISOString()}>{ctx.fmt.dateTime(call.opens_at)}</time>
      </dd>
      <dt>{d.closes}</dt>
      <dd>
        <time dateTime={call.closes_at.toISOString()}>{ctx.fmt.dateTime(call.closes_at)}</time>
        {graceHours > 0 && <p className="hint">{d.grace(graceHours)}</p>}
      </dd>
      <dt>{d.status}</dt>
      <dd>
        <span className={`call-status call-${call.status}`}>{d.statuses[call.status]}</span>
      </dd>
    </dl>
  );
}
