import { OrgPicker } from '../../../directory/pages/OrgPicker.tsx';
import { asset } from '../../../web/assets.ts';
import type { PageContext } from '../../../web/context.ts';
import { CsrfField, ErrorSummary, Field, type FormState, TextArea } from '../../../web/forms.tsx';
import { DemoBadge, Layout } from '../../../web/Layout.tsx';
import type { OwnerPicker } from '../../programmes-admin.service.ts';
import { ADMIN_PATH } from './ProgrammesPage.tsx';

/**
 * A programme's form, new or existing: its names and descriptions in both languages, its address,
 * its owner chosen from the directory (the directory's picker: a text box and a "Search" button
 * without JavaScript, a combobox with public/picker.js).
 */
export function ProgrammeEditPage({
  ctx,
  id,
  form,
  picker,
  demo = false,
  status,
}: {
  ctx: PageContext;
  /** null: a new programme */
  id: number | null;
  form: FormState;
  picker: OwnerPicker;
  demo?: boolean;
  status?: number;
}) {
  const { t } = ctx;
  const a = t.programmes.admin;
  const p = a.programme;
  const title = id === null ? p.newTitle : p.editTitle(form.values.name_fr || '');
  const action = id === null ? `${ADMIN_PATH}/nouveau` : `${ADMIN_PATH}/${id}`;
  return (
    <Layout
      ctx={ctx}
      title={title}
      breadcrumbs={[
        { label: t.nav.admin, href: '/admin' },
        { label: a.title, href: ADMIN_PATH },
        { label: title },
      ]}
      head={<script src={asset('picker.js')} defer />}
    >
      <h1>
        {title}
        {demo && (
          <>
            {' '}
            <DemoBadge ctx={ctx} />
          </>
        )}
      </h1>
      {status !== 200 && <ErrorSummary ctx={ctx} form={form} />}
      <form method="post" action={ctx.href(action)} className="stack" noValidate>
        <CsrfField ctx={ctx} />
        <Field form={form} name="name_fr" label={p.nameFr} required />
        <Field form={form} name="name_en" label={p.nameEn} required />
        <Field form={form} name="slug" label={p.slug} hint={p.slugHint} />
        <TextArea form={form} name="description_fr" label={p.descriptionFr} rows={5} />
        <TextArea form={form} name="description_en" label={p.descriptionEn} rows={5} />
        <OrgPicker
          ctx={ctx}
          name="owner"
          label={p.owner}
          picker={picker}
          error={form.errors.owner_q}
          multiple={false}
          exclude=""
        />
        <p className="hint">{p.ownerNone}</p>
        <p>
          <button type="submit" name="action" value="save">
            {p.save}
          </button>{' '}
          <a href={ctx.href(ADMIN_PATH)}>{t.programmes.admin.title}</a>
        </p>
      </form>
    </Layout>
  );
}
