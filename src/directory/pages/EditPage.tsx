import type { HubField } from '../../hub/hub.service.ts';
import type { PageContext } from '../../web/context.ts';
import { CsrfField, ErrorSummary, Field, type FormState, TextArea } from '../../web/forms.tsx';
import { Layout } from '../../web/Layout.tsx';
import { KINDS, STATUSES } from '../directory.schema.ts';
import type { OrganisationRow } from '../organisations.repository.ts';
import { type AutomaticClaim, AutomaticClaims } from './ClaimsPage.tsx';

/** the form's values from the saved organisation */
export function valuesOf(org: OrganisationRow): Record<string, string> {
  return {
    version: org.updated_at.toISOString(),
    name: org.name,
    acronym: org.acronym ?? '',
    kind: org.kind,
    status: org.status,
    description_fr: org.description_fr,
    description_en: org.description_en,
    website: org.website ?? '',
    tags: org.tags.join(', '),
    fields: org.field_slugs.join(','),
    headcount: '',
    headcount_year: '',
  };
}

/** staff only: merging this profile, a duplicate, into the one kept */
function MergeSection({
  ctx,
  org,
  error,
}: {
  ctx: PageContext;
  org: OrganisationRow;
  /** why the last address given was refused */
  error?: string;
}) {
  const e = ctx.t.editor;
  return (
    <section aria-labelledby="merge-title">
      <h2 id="merge-title">{e.mergeTitle}</h2>
      <p>{e.mergeIntro}</p>
      <form
        method="post"
        action={ctx.href(`/annuaire/${org.slug}/fusionner`)}
        className="stack narrow"
      >
        <CsrfField ctx={ctx} />
        <Field
          form={{ values: {}, errors: error ? { target: error } : {} }}
          name="target"
          label={e.mergeTarget}
          required
        />
        <button type="submit">{e.mergeSubmit}</button>
      </form>
    </section>
  );
}

export function EditPage({
  ctx,
  org,
  form,
  fields,
  staff,
  automatic = [],
  conflict,
}: {
  ctx: PageContext;
  org: OrganisationRow;
  form: FormState;
  fields: HubField[];
  staff: boolean;
  /** the memberships given at once that this person may revoke */
  automatic?: AutomaticClaim[];
  conflict?: OrganisationRow;
}) {
  const { t } = ctx;
  const e = t.editor;
  const chosen = new Set((form.values.fields ?? '').split(',').filter(Boolean));
  return (
    <Layout
      ctx={ctx}
      title={e.title(org.name)}
      breadcrumbs={[
        { label: t.nav.home, href: '/' },
        { label: t.directory.title, href: '/annuaire' },
        { label: org.name, href: `/annuaire/${org.slug}` },
        { label: t.profile.edit },
      ]}
    >
      <h1>{e.title(org.name)}</h1>
      <p>{e.intro}</p>
      <p>
        <a href={ctx.href(`/annuaire/${org.slug}/relations`)}>{t.connections.relationsLink}</a>
        {' · '}
        <a href={ctx.href(`/annuaire/${org.slug}/levees`)}>{t.connections.roundsLink}</a>
      </p>
      {conflict && (
        <div className="error-summary" role="alert">
          <p>{e.conflict}</p>
          <h2>{e.current}</h2>
          <dl className="facts">
            <dt>{e.descriptionFr}</dt>
            <dd>{conflict.description_fr || '—'}</dd>
            <dt>{e.descriptionEn}</dt>
            <dd>{conflict.description_en || '—'}</dd>
            <dt>{e.website}</dt>
            <dd>{conflict.website ?? '—'}</dd>
            <dt>{e.tags}</dt>
            <dd>{conflict.tags.join(', ') || '—'}</dd>
          </dl>
        </div>
      )}
      <ErrorSummary ctx={ctx} form={form} />
      <form
        method="post"
        action={ctx.href(`/annuaire/${org.slug}/modifier`)}
        className="stack"
        noValidate
      >
        <CsrfField ctx={ctx} />
        <input
          type="hidden"
          name="version"
          value={conflict ? conflict.updated_at.toISOString() : (form.values.version ?? '')}
        />
        {staff && (
          <fieldset className="stack">
            <legend>{e.staffOnly}</legend>
            <Field form={form} name="name" label={e.name} required />
            <Field form={form} name="acronym" label={e.acronym} />
            <div className="field">
              <label htmlFor="field-kind">{e.kind}</label>
              <select id="field-kind" name="kind" defaultValue={form.values.kind}>
                {KINDS.map((k) => (
                  <option key={k} value={k}>
                    {t.directory.kinds[k]}
                  </option>
                ))}
              </select>
            </div>
            <div className="field">
              <label htmlFor="field-status">{e.status}</label>
              <select id="field-status" name="status" defaultValue={form.values.status}>
                {STATUSES.map((s) => (
                  <option key={s} value={s}>
                    {t.directory.statuses[s]}
                  </option>
                ))}
              </select>
            </div>
          </fieldset>
        )}
        <TextArea form={form} name="description_fr" label={e.descriptionFr} />
        <TextArea form={form} name="description_en" label={e.descriptionEn} />
        <Field form={form} name="website" type="url" label={e.website} />
        <Field form={form} name="tags" label={e.tags} hint={e.tagsHint} />
        <fieldset>
          <legend>{e.fields}</legend>
          {fields.map((f) => (
            <div key={f.slug}>
              <input
                type="checkbox"
                id={`fields-${f.slug}`}
                name="fields"
                value={f.slug}
                defaultChecked={chosen.has(f.slug)}
              />{' '}
              <label htmlFor={`fields-${f.slug}`}>{f.name}</label>
            </div>
          ))}
        </fieldset>
        <Field
          form={form}
          name="headcount"
          type="number"
          label={e.headcount}
          hint={e.headcountHint}
        />
        <Field form={form} name="headcount_year" type="number" label={e.headcountYear} />
        <p>
          <button type="submit">{e.save}</button>{' '}
          <a href={ctx.href(`/annuaire/${org.slug}`)}>{e.cancel}</a>
        </p>
      </form>
      {automatic.length > 0 && (
        <AutomaticClaims
          ctx={ctx}
          claims={automatic}
          action={(claim) => `/annuaire/${org.slug}/revendications/${claim.id}/revoquer`}
        />
      )}
      {staff && <MergeSection ctx={ctx} org={org} error={form.errors.target} />}
    </Layout>
  );
}

export function ClaimSection({
  ctx,
  slug,
  pendingSince = null,
}: {
  ctx: PageContext;
  slug: string;
  /** when this person asked to join, while the request waits: said instead of the form */
  pendingSince?: Date | null;
}) {
  const c = ctx.t.claim;
  if (pendingSince) {
    return (
      <section aria-labelledby="claim-title" className="card">
        <h2 id="claim-title">{c.pendingTitle}</h2>
        <p>{c.pendingSince(ctx.fmt.date(pendingSince))}</p>
      </section>
    );
  }
  return (
    <section aria-labelledby="claim-title" className="card">
      <h2 id="claim-title">{c.title}</h2>
      <p>{c.intro}</p>
      {ctx.user && !ctx.user.verified ? (
        <>
          <p>{c.unverified}</p>
          <form
            method="post"
            action={ctx.href('/compte/confirmer-adresse')}
            className="inline-form"
          >
            <CsrfField ctx={ctx} />
            <button type="submit">{c.resend}</button>
          </form>
        </>
      ) : ctx.user ? (
        <form method="post" action={ctx.href(`/annuaire/${slug}/revendiquer`)} className="stack">
          <CsrfField ctx={ctx} />
          <div className="field">
            <label htmlFor="claim-message">{c.message}</label>
            <textarea id="claim-message" name="message" rows={3} maxLength={1000} />
          </div>
          <button type="submit">{c.submit}</button>
        </form>
      ) : (
        <p>
          <a
            href={ctx.href(`/connexion?next=${encodeURIComponent(ctx.href(`/annuaire/${slug}`))}`)}
          >
            {c.signIn}
          </a>
        </p>
      )}
    </section>
  );
}
