import type { PageContext } from '../../../web/context.ts';
import { CsrfField, ErrorSummary, type FormState } from '../../../web/forms.tsx';
import { DemoBadge, Layout } from '../../../web/Layout.tsx';
import { BUILDER_TYPES, type DraftField } from '../../form-builder.ts';
import { BuilderField } from './BuilderField.tsx';
import { ErrorLine } from './controls.tsx';
import { ADMIN_PATH } from './ProgrammesPage.tsx';

export type BuilderPageData = {
  callId: number;
  callTitle: string;
  programme: { id: number; name: string };
  demo: boolean;
  /** the current version, null before the first */
  version: number | null;
  /** applications in progress on an older version than the current one */
  older: number;
};

/**
 * The form of a call, built without JavaScript: each field a fieldset, buttons that add, move and
 * remove fields by sending the page back with what was typed (nothing saved), and one button that
 * saves it all as a new version.
 */
export function FormBuilderPage({
  ctx,
  data,
  drafts,
  form,
  unsaved = false,
}: {
  ctx: PageContext;
  data: BuilderPageData;
  drafts: DraftField[];
  /** the problems, under the inputs' names */
  form: FormState;
  unsaved?: boolean;
}) {
  const { t } = ctx;
  const a = t.programmes.admin;
  const b = a.builder;
  const title = b.title(data.callTitle);
  return (
    <Layout
      ctx={ctx}
      title={title}
      breadcrumbs={[
        { label: t.nav.admin, href: '/admin' },
        { label: a.title, href: ADMIN_PATH },
        { label: data.programme.name, href: `${ADMIN_PATH}/${data.programme.id}` },
        { label: data.callTitle, href: `${ADMIN_PATH}/appels/${data.callId}` },
        { label: title },
      ]}
    >
      <h1>
        {title}
        {data.demo && (
          <>
            {' '}
            <DemoBadge ctx={ctx} />
          </>
        )}
      </h1>
      <p>{data.version === null ? b.noVersion : b.current(data.version)}</p>
      <p>{b.versions}</p>
      {data.version !== null && data.version > 1 && <p>{b.older(data.older, data.version)}</p>}
      {unsaved && <p className="notice">{b.unsaved}</p>}
      <ErrorSummary ctx={ctx} form={form} />
      <form
        method="post"
        action={ctx.href(`${ADMIN_PATH}/appels/${data.callId}/formulaire`)}
        className="stack"
        noValidate
      >
        <CsrfField ctx={ctx} />
        {/* the default button (Enter in a box): shows the page again, nothing saved or removed */}
        <button
          type="submit"
          name="action"
          value="refresh"
          className="visually-hidden"
          tabIndex={-1}
          aria-hidden="true"
        />
        <input type="hidden" name="count" value={String(drafts.length)} />
        <ErrorLine form={form} name="_form" />
        {drafts.length === 0 && <p id="field-_form">{b.empty}</p>}
        {drafts.map((draft, i) => (
          <BuilderField
            // biome-ignore lint/suspicious/noArrayIndexKey: a field's place is its identity on this page
            key={i}
            ctx={ctx}
            form={form}
            draft={draft}
            place={{ i, count: drafts.length }}
          />
        ))}
        <div className="field">
          <label htmlFor="field-new_type">{b.add}</label>
          <select id="field-new_type" name="new_type" defaultValue="text">
            {BUILDER_TYPES.map((type) => (
              <option key={type} value={type}>
                {b.types[type]}
              </option>
            ))}
          </select>{' '}
          <button type="submit" name="action" value="add" className="secondary">
            {b.addButton}
          </button>
        </div>
        <p>
          <button type="submit" name="action" value="save">
            {b.save}
          </button>{' '}
          <a href={ctx.href(ADMIN_PATH)}>{a.title}</a>
        </p>
      </form>
    </Layout>
  );
}
