import type { ReactNode } from 'react';
import type { PageContext } from '../../web/context.ts';
import { CsrfField, ErrorSummary, Field, type FormState } from '../../web/forms.tsx';
import { DemoBadge, Layout } from '../../web/Layout.tsx';
import type { ConnectionsAccess } from '../connections.policy.ts';
import type { OrgRef, RelationRow, RoundRow } from '../connections.repository.ts';
import { DIRECTED_TYPES, type DirectedType, STAGES, type Stage } from '../connections.schema.ts';
import type { Picker } from '../connections.service.ts';
import { directedOf } from '../connections.service.ts';
import type { OrganisationRow } from '../organisations.repository.ts';
import { sourceLabel } from './labels.ts';

/**
 * A wide table that scrolls sideways inside its own box on a narrow screen rather than widening
 * the page; the box takes the keyboard focus so that it can be scrolled without a pointer.
 */
export function ScrollTable({ label, children }: { label: string; children: ReactNode }) {
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard
    <section className="table-scroll" aria-label={label} tabIndex={0}>
      {children}
    </section>
  );
}

export const emptyPicker: Picker = { chosen: [], matches: [], searched: false, query: '' };

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

/**
 * Choosing organisations of the register. Without JavaScript: a text box and a "Search" button
 * that sends the form back with the matches to tick. With public/picker.js: the box becomes a
 * combobox whose suggestions tick the organisation in place.
 */
export function OrgPicker({
  ctx,
  name,
  label,
  picker,
  error,
  multiple,
  exclude,
}: {
  ctx: PageContext;
  name: string;
  label: string;
  picker: Picker;
  error?: string;
  multiple: boolean;
  /** the profile's own organisation, never suggested */
  exclude: string;
}) {
  const c = ctx.t.connections;
  const input = `field-${name}_q`;
  const type = multiple ? 'checkbox' : 'radio';
  const option = (o: OrgRef, checked: boolean, group: string) => (
    <li key={`${group}-${o.id}`}>
      <input
        type={type}
        id={`${name}-${group}-${o.id}`}
        name={`${name}_id`}
        value={o.id}
        defaultChecked={checked}
      />{' '}
      <label htmlFor={`${name}-${group}-${o.id}`}>
        {o.name} <span className="meta">· {ctx.t.directory.kinds[o.kind as 'sme'] ?? o.kind}</span>
      </label>
    </li>
  );
  const described = [`${input}-hint`, error ? `${input}-error` : null].filter(Boolean).join(' ');
  return (
    <fieldset
      className={error ? 'picker field-error' : 'picker'}
      data-picker={name}
      data-multiple={multiple ? '1' : undefined}
      data-exclude={exclude}
      data-empty={c.suggestions(0)}
      data-one={c.suggestions(1)}
      data-many={c.suggestions(99).replace('99', '%n')}
    >
      <legend>{label}</legend>
      <p className="picker-chosen-title" id={`${name}-chosen-title`} hidden={!picker.chosen.length}>
        {multiple ? c.chosenMany : c.chosen}
      </p>
      <ul
        className="picker-chosen"
        data-chosen
        aria-labelledby={`${name}-chosen-title`}
        hidden={!picker.chosen.length}
      >
        {picker.chosen.map((o) => option(o, true, 'chosen'))}
      </ul>
      <div className="field">
        <label htmlFor={input}>{c.searchLabel}</label>
        <p className="hint" id={`${input}-hint`}>
          {c.pickerHint}
        </p>
        {error && (
          <p className="error" id={`${input}-error`}>
            {error}
          </p>
        )}
        <div className="picker-row">
          <input
            type="text"
            id={input}
            name={`${name}_q`}
            defaultValue={picker.query}
            autoComplete="off"
            aria-invalid={error ? true : undefined}
            aria-describedby={described}
          />{' '}
          <button type="submit" name="action" value={`search-${name}`} className="secondary">
            {c.search}
          </button>
        </div>
      </div>
      {picker.searched &&
        (picker.matches.length > 0 ? (
          <div className="picker-matches">
            <p id={`${name}-matches-title`}>{c.matches(picker.query)}</p>
            <ul aria-labelledby={`${name}-matches-title`}>
              {picker.matches.map((o) => option(o, false, 'match'))}
            </ul>
          </div>
        ) : (
          <p>{c.noMatch(picker.query)}</p>
        ))}
    </fieldset>
  );
}

function Page({
  ctx,
  org,
  title,
  children,
}: {
  ctx: PageContext;
  org: OrganisationRow;
  title: string;
  children: ReactNode;
}) {
  const { t } = ctx;
  return (
    <Layout
      ctx={ctx}
      title={title}
      breadcrumbs={[
        { label: t.nav.home, href: '/' },
        { label: t.directory.title, href: '/annuaire' },
        { label: org.name, href: `/annuaire/${org.slug}` },
        { label: title },
      ]}
      head={<script src="/assets/picker.js" defer />}
    >
      <h1>{title}</h1>
      {children}
      <p>
        <a href={ctx.href(`/annuaire/${org.slug}`)}>{t.connections.backToProfile}</a>
      </p>
    </Layout>
  );
}

function RowActions({
  ctx,
  base,
  id,
  what,
  mayChange,
}: {
  ctx: PageContext;
  base: string;
  id: number;
  what: string;
  mayChange: boolean;
}) {
  const c = ctx.t.connections;
  if (!mayChange) return <span className="meta">{c.locked}</span>;
  return (
    <span className="row-actions">
      <a href={ctx.href(`${base}/${id}`)} aria-label={c.editLabel(what)}>
        {c.edit}
      </a>{' '}
      <form method="post" action={ctx.href(`${base}/${id}/supprimer`)} className="inline-form">
        <CsrfField ctx={ctx} />
        <button type="submit" className="link-button" aria-label={c.removeLabel(what)}>
          {c.remove}
        </button>
      </form>
    </span>
  );
}

export type RelationsView = {
  org: OrganisationRow;
  access: ConnectionsAccess;
  relations: (RelationRow & { mayChange: boolean })[];
};

export function RelationsPage({
  ctx,
  view,
  form,
  picker,
  editing,
}: {
  ctx: PageContext;
  view: RelationsView;
  form: FormState;
  picker: Picker;
  /** the relation being edited, when not adding one */
  editing?: number;
}) {
  const c = ctx.t.connections;
  const { org } = view;
  const base = `/annuaire/${org.slug}/relations`;
  const chosenType = (form.values.type ?? 'partner_of') as DirectedType;
  return (
    <Page ctx={ctx} org={org} title={c.relationsTitle(org.name)}>
      <p>{c.relationsIntro}</p>
      {view.access === 'member' && <p>{c.memberRule}</p>}
      <section aria-labelledby="recorded-title">
        <h2 id="recorded-title">{c.recorded}</h2>
        {view.relations.length === 0 ? (
          <p>{c.none}</p>
        ) : (
          <ScrollTable label={c.tableOf(c.recorded)}>
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">{c.relation}</th>
                  <th scope="col">{c.period}</th>
                  <th scope="col">{c.source}</th>
                  <th scope="col">{c.actions}</th>
                </tr>
              </thead>
              <tbody>
                {view.relations.map((r) => {
                  const what = `${relationPhrase(ctx, r)} ${r.other.name}`;
                  return (
                    <tr key={r.id}>
                      <td>
                        {relationPhrase(ctx, r)}{' '}
                        <a href={ctx.href(`/annuaire/${r.other.slug}`)}>{r.other.name}</a>
                        {r.note && <div className="meta">{r.note}</div>}
                      </td>
                      <td>{relationPeriod(ctx, r) || '—'}</td>
                      <td>{sourceLabel(ctx.t, r.source)}</td>
                      <td>
                        <RowActions
                          ctx={ctx}
                          base={base}
                          id={r.id}
                          what={what}
                          mayChange={r.mayChange}
                        />
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </ScrollTable>
        )}
      </section>
      <section aria-labelledby="relation-form-title">
        <h2 id="relation-form-title">{editing ? c.editRelation : c.addRelation}</h2>
        <ErrorSummary ctx={ctx} form={form} />
        <form
          method="post"
          action={ctx.href(editing ? `${base}/${editing}` : base)}
          className="stack narrow"
          noValidate
        >
          <CsrfField ctx={ctx} />
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
          <p>
            <button type="submit" name="action" value="save">
              {editing ? c.save : c.add}
            </button>
            {editing && (
              <>
                {' '}
                <a href={ctx.href(base)}>{c.cancel}</a>
              </>
            )}
          </p>
        </form>
      </section>
    </Page>
  );
}

export type RoundsView = {
  org: OrganisationRow;
  access: ConnectionsAccess;
  rounds: (RoundRow & { mayChange: boolean })[];
};

export function RoundsPage({
  ctx,
  view,
  form,
  picker,
  editing,
}: {
  ctx: PageContext;
  view: RoundsView;
  form: FormState;
  picker: Picker;
  editing?: number;
}) {
  const c = ctx.t.connections;
  const p = ctx.t.profile;
  const { fmt } = ctx;
  const { org } = view;
  const base = `/annuaire/${org.slug}/levees`;
  return (
    <Page ctx={ctx} org={org} title={c.roundsTitle(org.name)}>
      <p>{c.roundsIntro}</p>
      {view.access === 'member' && <p>{c.memberRule}</p>}
      <section aria-labelledby="recorded-title">
        <h2 id="recorded-title">{c.recordedRounds}</h2>
        {view.rounds.length === 0 ? (
          <p>{c.noRounds}</p>
        ) : (
          <ScrollTable label={c.tableOf(c.recordedRounds)}>
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">{p.date}</th>
                  <th scope="col">{p.stage}</th>
                  <th scope="col">{p.amount}</th>
                  <th scope="col">{p.investors}</th>
                  <th scope="col">{c.source}</th>
                  <th scope="col">{c.actions}</th>
                </tr>
              </thead>
              <tbody>
                {view.rounds.map((r) => {
                  const what = `${p.stages[r.stage as Stage]} ${fmt.date(r.announced_on)}`;
                  return (
                    <tr key={r.id}>
                      <td>
                        {fmt.date(r.announced_on)} {r.is_demo && <DemoBadge ctx={ctx} />}
                      </td>
                      <td>{p.stages[r.stage as Stage]}</td>
                      <td>{r.amount_eur !== null ? fmt.currency(r.amount_eur) : '—'}</td>
                      <td>{r.investors.map((i) => i.name).join(', ') || '—'}</td>
                      <td>{sourceLabel(ctx.t, r.source)}</td>
                      <td>
                        <RowActions
                          ctx={ctx}
                          base={base}
                          id={r.id}
                          what={what}
                          mayChange={r.mayChange}
                        />
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </ScrollTable>
        )}
      </section>
      <section aria-labelledby="round-form-title">
        <h2 id="round-form-title">{editing ? c.editRound : c.addRound}</h2>
        <ErrorSummary ctx={ctx} form={form} />
        <form
          method="post"
          action={ctx.href(editing ? `${base}/${editing}` : base)}
          className="stack narrow"
          noValidate
        >
          <CsrfField ctx={ctx} />
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
            exclude={org.id}
          />
          <p>
            <button type="submit" name="action" value="save">
              {editing ? c.save : c.add}
            </button>
            {editing && (
              <>
                {' '}
                <a href={ctx.href(base)}>{c.cancel}</a>
              </>
            )}
          </p>
        </form>
      </section>
    </Page>
  );
}
