import type { PageContext } from '../../web/context.ts';
import { Field } from '../../web/forms.tsx';
import { DemoBadge } from '../../web/Layout.tsx';
import type { ConnectionsAccess } from '../connections.policy.ts';
import type { RelationRow, RoundRow } from '../connections.repository.ts';
import { DIRECTED_TYPES, type DirectedType, STAGES, type Stage } from '../connections.schema.ts';
import { directedOf } from '../connections.service.ts';
import type { OrganisationRow } from '../organisations.repository.ts';
import type { SubresourcePageProps } from '../subresource.routes.ts';
import { sourceLabel } from './labels.tsx';
import { OrgPicker } from './OrgPicker.tsx';
import { SubresourcePage } from './SubresourcePage.tsx';

const capitalised = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** "Investit dans", "Est accompagné (accéléré ou incubé) par"… from the profile's side */
export function relationPhrase(ctx: PageContext, row: { type: string; reverse: boolean }) {
  return capitalised(ctx.t.connections.directed[directedOf(row)]);
}

/** "depuis le 3 mars 2021", "du … au …", or nothing */
export function relationPeriod(
  ctx: PageContext,
  row: { started_on: string | null; ended_on: string | null },
): string {
  const c = ctx.t.connections;
  const { fmt } = ctx;
  if (row.started_on && row.ended_on)
    return c.between(fmt.date(row.started_on), fmt.date(row.ended_on));
  if (row.started_on) return c.since(fmt.date(row.started_on));
  if (row.ended_on) return c.until(fmt.date(row.ended_on));
  return '';
}

export type RelationsView = {
  org: OrganisationRow;
  access: ConnectionsAccess;
  relations: (RelationRow & { mayChange: boolean })[];
};

/** a relation's fields: its nature from the profile's side, the other organisation, its period */
function RelationFields({ ctx, view, form, picker }: SubresourcePageProps<RelationsView>) {
  const c = ctx.t.connections;
  const { org } = view;
  const chosenType = (form.values.type ?? 'partner_of') as DirectedType;
  return (
    <>
      <div className={form.errors.type ? 'field field-error' : 'field'}>
        <label htmlFor="field-type">{c.type}</label>
        <p className="hint" id="field-type-hint">
          {c.typeHint(org.name)}
        </p>
        {form.errors.type && (
          <p className="error" id="field-type-error">
            {form.errors.type}
          </p>
        )}
        <select
          id="field-type"
          name="type"
          defaultValue={chosenType}
          aria-describedby={
            form.errors.type ? 'field-type-hint field-type-error' : 'field-type-hint'
          }
        >
          {DIRECTED_TYPES.map((d) => (
            <option key={d} value={d}>
              {c.directed[d]}
            </option>
          ))}
        </select>
      </div>
      <OrgPicker
        ctx={ctx}
        name="other"
        label={c.other}
        picker={picker}
        error={form.errors.other_q}
        multiple={false}
        exclude={org.id}
      />
      <Field form={form} name="started_on" type="date" label={c.startedOn} hint={c.dateHint} />
      <Field form={form} name="ended_on" type="date" label={c.endedOn} hint={c.endHint} />
      <Field form={form} name="note" label={c.note} />
    </>
  );
}

export function RelationsPage(props: SubresourcePageProps<RelationsView>) {
  const { ctx, view, form, editing } = props;
  const c = ctx.t.connections;
  const { org } = view;
  return (
    <SubresourcePage
      ctx={ctx}
      org={org}
      access={view.access}
      base={`/annuaire/${org.slug}/relations`}
      title={c.relationsTitle(org.name)}
      intro={c.relationsIntro}
      list={{
        title: c.recorded,
        empty: c.none,
        headers: [c.relation, c.period, c.source],
        rows: view.relations,
        what: (r) => `${relationPhrase(ctx, r)} ${r.other.name}`,
        cells: (r) => [
          <>
            {relationPhrase(ctx, r)}{' '}
            <a href={ctx.href(`/annuaire/${r.other.slug}`)}>{r.other.name}</a>
            {r.note && <div className="meta">{r.note}</div>}
          </>,
          relationPeriod(ctx, r) || '—',
          sourceLabel(ctx.t, r.source),
        ],
      }}
      form={{
        titleId: 'relation-form-title',
        titles: { add: c.addRelation, edit: c.editRelation },
        state: form,
        editing,
        fields: <RelationFields {...props} />,
      }}
    />
  );
}

export type RoundsView = {
  org: OrganisationRow;
  access: ConnectionsAccess;
  rounds: (RoundRow & { mayChange: boolean })[];
};

/** a round's fields: its date, stage and amount, and its investors from the register */
function RoundFields({ ctx, view, form, picker }: SubresourcePageProps<RoundsView>) {
  const c = ctx.t.connections;
  const p = ctx.t.profile;
  return (
    <>
      <Field form={form} name="announced_on" type="date" label={c.announcedOn} required />
      <div className={form.errors.stage ? 'field field-error' : 'field'}>
        <label htmlFor="field-stage">{c.stage}</label>
        {form.errors.stage && (
          <p className="error" id="field-stage-error">
            {form.errors.stage}
          </p>
        )}
        <select
          id="field-stage"
          name="stage"
          defaultValue={form.values.stage ?? 'seed'}
          aria-describedby={form.errors.stage ? 'field-stage-error' : undefined}
        >
          {STAGES.map((s) => (
            <option key={s} value={s}>
              {p.stages[s]}
            </option>
          ))}
        </select>
      </div>
      <Field form={form} name="amount" label={c.amount} hint={c.amountHint} />
      <OrgPicker
        ctx={ctx}
        name="investor"
        label={c.investors}
        picker={picker}
        error={form.errors.investor_q}
        multiple
        exclude={view.org.id}
      />
    </>
  );
}

export function RoundsPage(props: SubresourcePageProps<RoundsView>) {
  const { ctx, view, form, editing } = props;
  const c = ctx.t.connections;
  const p = ctx.t.profile;
  const { fmt } = ctx;
  const { org } = view;
  return (
    <SubresourcePage
      ctx={ctx}
      org={org}
      access={view.access}
      base={`/annuaire/${org.slug}/levees`}
      title={c.roundsTitle(org.name)}
      intro={c.roundsIntro}
      list={{
        title: c.recordedRounds,
        empty: c.noRounds,
        headers: [p.date, p.stage, p.amount, p.investors, c.source],
        rows: view.rounds,
        what: (r) => `${p.stages[r.stage as Stage]} ${fmt.date(r.announced_on)}`,
        cells: (r) => [
          <>
            {fmt.date(r.announced_on)} {r.is_demo && <DemoBadge ctx={ctx} />}
          </>,
          p.stages[r.stage as Stage],
          r.amount_eur !== null ? fmt.currency(r.amount_eur) : '—',
          r.investors.map((i) => i.name).join(', ') || '—',
          sourceLabel(ctx.t, r.source),
        ],
      }}
      form={{
        titleId: 'round-form-title',
        titles: { add: c.addRound, edit: c.editRound },
        state: form,
        editing,
        fields: <RoundFields {...props} />,
      }}
    />
  );
}
