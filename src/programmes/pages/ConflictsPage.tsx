import { OrgPicker } from '../../directory/pages/OrgPicker.tsx';
import { asset } from '../../web/assets.ts';
import type { PageContext } from '../../web/context.ts';
import { CsrfField, ErrorSummary, type FormState, TextArea } from '../../web/forms.tsx';
import { localePath } from '../../web/i18n/index.ts';
import { Layout } from '../../web/Layout.tsx';
import { CONFLICT_TYPES, type DeclarationsService } from '../declarations.service.ts';
import type { OwnerPicker } from '../programmes-admin.service.ts';

export const CONFLICTS_PATH = '/jury/conflits';

export type DeclarationRows = Awaited<ReturnType<DeclarationsService['list']>>;

/**
 * A reviewer's declared conflicts of interest: the list with a button to remove each, and the
 * form that declares one (an organisation chosen with the directory's picker, a type, a note).
 */
export function ConflictsPage({
  ctx,
  rows,
  form,
  picker,
}: {
  ctx: PageContext;
  rows: DeclarationRows;
  form: FormState;
  picker: OwnerPicker;
}) {
  const d = ctx.t.programmes.juries.declarations;
  const types = ctx.t.programmes.juries.conflicts.types;
  const typeError = form.errors.type;
  return (
    <Layout
      ctx={ctx}
      title={d.title}
      alternates={{ fr: localePath('fr', CONFLICTS_PATH), en: localePath('en', CONFLICTS_PATH) }}
      head={<script src={asset('picker.js')} defer />}
    >
      <h1>{d.title}</h1>
      <p>{d.intro}</p>
      <ErrorSummary ctx={ctx} form={form} />
      {rows.length === 0 ? (
        <p>{d.none}</p>
      ) : (
        <div className="table-scroll">
          <table className="table">
            <caption>{d.caption}</caption>
            <thead>
              <tr>
                <th scope="col">{d.organisation}</th>
                <th scope="col">{d.type}</th>
                <th scope="col">{d.note}</th>
                <th scope="col">{d.declaredAt}</th>
                <th scope="col">{d.actions}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.id}>
                  <th scope="row">
                    <a href={ctx.href(`/annuaire/${r.organisation_slug}`)}>{r.organisation_name}</a>
                  </th>
                  <td>{types[r.type]}</td>
                  <td className="long-answer">{r.note}</td>
                  <td>{ctx.fmt.dateTime(r.created_at)}</td>
                  <td>
                    <form method="post" action={ctx.href(`${CONFLICTS_PATH}/${r.id}/supprimer`)}>
                      <CsrfField ctx={ctx} />
                      <button
                        type="submit"
                        className="secondary"
                        aria-label={d.removeLabel(r.organisation_name)}
                      >
                        {d.remove}
                      </button>
                    </form>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <form method="post" action={ctx.href(CONFLICTS_PATH)} className="stack" noValidate>
        <h2>{d.add}</h2>
        <CsrfField ctx={ctx} />
        <OrgPicker
          ctx={ctx}
          name="organisation"
          label={d.organisation}
          picker={picker}
          {...(form.errors.organisation_q ? { error: form.errors.organisation_q } : {})}
          multiple={false}
          exclude=""
        />
        <fieldset className={typeError ? 'field field-error' : 'field'} id="field-type">
          <legend>{d.type}</legend>
          {typeError && <p className="error">{typeError}</p>}
          {CONFLICT_TYPES.map((type) => (
            <label key={type} className="choice">
              <input
                type="radio"
                name="type"
                value={type}
                defaultChecked={form.values.type === type}
              />{' '}
              {types[type]}
            </label>
          ))}
        </fieldset>
        <TextArea form={form} name="note" label={d.note} rows={3} />
        <button type="submit" name="action" value="save">
          {d.declare}
        </button>
      </form>
    </Layout>
  );
}
