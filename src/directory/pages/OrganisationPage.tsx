import type { ReactNode } from 'react';
import type { HubField } from '../../hub/hub.service.ts';
import type { PageContext } from '../../web/context.ts';
import { DemoBadge, Layout } from '../../web/Layout.tsx';
import type { Kind, OrgStatus } from '../directory.schema.ts';
import type { Profile } from '../directory.service.ts';
import { presentHeadcount } from '../headcount.ts';
import type { OrganisationRow } from '../organisations.repository.ts';
import { ClaimSection } from './EditPage.tsx';
import { LabelsSection, type OrganisationLabel } from './LabelsSection.tsx';
import { formatSiren, headcountLabel, NafLabelText, sourceLabel } from './labels.tsx';
import {
  EstablishmentsSection,
  FundingSection,
  HistorySection,
  InvestmentsSection,
  RelationsSection,
} from './ProfileSections.tsx';

/** schema.org data for search engines; `<` is escaped so the text cannot close the script. */
function jsonLd(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c');
}

/**
 * The relations schema.org can say of an Organization: memberOf and member, and funder (who
 * invests in it, by a relation or in a round). Accompaniment, partnership, hosting and spin-offs
 * have no property of their own: a spin-off is not part of its parent (parentOrganization would
 * say so), so they are left out rather than said wrongly.
 */
function connectionsLd(profile: Profile, url: (slug: string) => string) {
  const ref = (o: { slug: string; name: string }) => ({
    '@type': 'Organization',
    name: o.name,
    url: url(o.slug),
  });
  const unique = <T extends { slug: string; name: string }>(list: T[]) => [
    ...new Map(list.map((o) => [o.slug, o])).values(),
  ];
  const others = (type: string, reverse: boolean) =>
    profile.relations.filter((r) => r.type === type && r.reverse === reverse).map((r) => r.other);
  const memberOf = unique(others('member_of', false));
  const members = unique(others('member_of', true));
  const funders = unique([
    ...others('invests_in', true),
    ...profile.funding.flatMap((f) => f.investors),
  ]);
  return {
    ...(memberOf.length ? { memberOf: memberOf.map(ref) } : {}),
    ...(members.length ? { member: members.map(ref) } : {}),
    ...(funders.length ? { funder: funders.map(ref) } : {}),
  };
}

/** the organisation for search engines, as schema.org's Organization */
function profileLd(ctx: PageContext, profile: Profile, publicUrl: string, description: string) {
  const { t } = ctx;
  const org = profile.organisation;
  const headOffice = profile.establishments.find((e) => e.is_head_office && e.status === 'open');
  return {
    '@context': 'https://schema.org',
    '@type': 'Organization',
    name: org.name,
    ...(org.acronym ? { alternateName: org.acronym } : {}),
    ...(org.website ? { url: org.website } : {}),
    ...(description ? { description } : {}),
    ...(org.created_on ? { foundingDate: org.created_on } : {}),
    ...(org.siren
      ? { identifier: { '@type': 'PropertyValue', propertyID: 'SIREN', value: org.siren } }
      : {}),
    ...(headOffice?.commune_name && !headOffice.restricted
      ? {
          address: {
            '@type': 'PostalAddress',
            addressLocality: headOffice.commune_name,
            ...(headOffice.postcode ? { postalCode: headOffice.postcode } : {}),
            addressCountry: 'FR',
          },
        }
      : {}),
    ...connectionsLd(profile, (slug) => `${publicUrl}${ctx.href(`/annuaire/${slug}`)}`),
    ...(org.is_demo ? { disambiguatingDescription: t.demoTitle } : {}),
    mainEntityOfPage: `${publicUrl}${ctx.href(`/annuaire/${org.slug}`)}`,
  };
}

/** who said a value of the profile, after it */
function Provenance({
  ctx,
  org,
  field,
}: {
  ctx: PageContext;
  org: OrganisationRow;
  field: string;
}) {
  const src = org.provenance[field]?.source;
  return src ? <span className="provenance"> · {sourceLabel(ctx.t, src)}</span> : null;
}

function IdentitySection({
  ctx,
  org,
  fields,
}: {
  ctx: PageContext;
  org: OrganisationRow;
  fields: HubField[];
}) {
  const { t, fmt } = ctx;
  const p = t.profile;
  const d = t.directory;
  const headcount = presentHeadcount(org);
  const fieldName = new Map(fields.map((f) => [f.slug, f.name]));
  return (
    <section aria-labelledby="identity">
      <h2 id="identity">{p.identity}</h2>
      <dl className="facts">
        <dt>{p.kind}</dt>
        <dd>
          {d.kinds[org.kind as Kind]}
          <Provenance ctx={ctx} org={org} field="kind" />
        </dd>
        <dt>{p.status}</dt>
        <dd>
          {d.statuses[org.status as OrgStatus]}
          <Provenance ctx={ctx} org={org} field="status" />
        </dd>
        {org.siren && (
          <>
            <dt>{p.siren}</dt>
            <dd>{formatSiren(org.siren)}</dd>
          </>
        )}
        {org.created_on && (
          <>
            <dt>{p.created}</dt>
            <dd>{fmt.date(org.created_on)}</dd>
          </>
        )}
        {org.naf_code && (
          <>
            <dt>{p.activity}</dt>
            <dd>
              <NafLabelText code={org.naf_code} locale={ctx.locale} />
            </dd>
          </>
        )}
        <dt>{p.headcount}</dt>
        <dd>
          {headcountLabel(t, fmt, headcount)}
          {headcount.year !== null && <> {d.inYear(headcount.year)}</>}
          {headcount.source && <> · {sourceLabel(t, headcount.source)}</>}
        </dd>
        {org.field_slugs.length > 0 && (
          <>
            <dt>{p.fields}</dt>
            <dd>
              {org.field_slugs.map((s) => fieldName.get(s) ?? s).join(', ')}
              <Provenance ctx={ctx} org={org} field="field_slugs" />
            </dd>
          </>
        )}
        {org.tags.length > 0 && (
          <>
            <dt>{p.tags}</dt>
            <dd>
              {org.tags.join(', ')}
              <Provenance ctx={ctx} org={org} field="tags" />
            </dd>
          </>
        )}
        {org.website && (
          <>
            <dt>{p.website}</dt>
            <dd>
              <a href={org.website} rel="nofollow noopener">
                {org.website}
              </a>
              <Provenance ctx={ctx} org={org} field="website" />
            </dd>
          </>
        )}
      </dl>
    </section>
  );
}

export function OrganisationPage({
  ctx,
  profile,
  fields,
  canEdit,
  publicUrl,
  labels = [],
  showings = null,
  pendingClaimSince = null,
}: {
  ctx: PageContext;
  profile: Profile;
  fields: HubField[];
  canEdit: boolean;
  publicUrl: string;
  /** its labels, current and past (from programmes) */
  labels?: OrganisationLabel[];
  /** its exhibitions and events, drawn by events (null: none) */
  showings?: ReactNode;
  /** when the person viewing it asked to join it, while staff have not decided (else null) */
  pendingClaimSince?: Date | null;
}) {
  const { t } = ctx;
  const p = t.profile;
  const d = t.directory;
  const org = profile.organisation;
  const description =
    ctx.locale === 'fr' ? org.description_fr : org.description_en || org.description_fr;
  const ld = profileLd(ctx, profile, publicUrl, description);
  return (
    <Layout
      ctx={ctx}
      title={org.name}
      breadcrumbs={[
        { label: t.nav.home, href: '/' },
        { label: d.title, href: '/annuaire' },
        { label: org.name },
      ]}
      head={
        <>
          <link rel="canonical" href={`${publicUrl}${ctx.href(`/annuaire/${org.slug}`)}`} />
          {/* a synthetic organisation must not be taken for a real one by search engines */}
          {org.is_demo && <meta name="robots" content="noindex" />}
          {description && <meta name="description" content={description.slice(0, 200)} />}
          {/* biome-ignore lint/security/noDangerouslySetInnerHtml: JSON data block, `<` escaped by jsonLd */}
          <script type="application/ld+json" dangerouslySetInnerHTML={{ __html: jsonLd(ld) }} />
        </>
      }
    >
      <h1>
        {org.name} {org.is_demo && <DemoBadge ctx={ctx} />}
      </h1>
      {org.restricted && <p className="badge-line">{d.restricted}</p>}
      {org.ceased && <p className="badge-line">{p.ceased}</p>}
      {description && (
        <p className="lead">
          {description}
          <Provenance
            ctx={ctx}
            org={org}
            field={ctx.locale === 'en' && org.description_en ? 'description_en' : 'description_fr'}
          />
        </p>
      )}
      {canEdit && (
        <p className="actions">
          <a className="button" href={ctx.href(`/annuaire/${org.slug}/modifier`)}>
            {p.edit}
          </a>{' '}
          <a href={ctx.href(`/annuaire/${org.slug}/relations`)}>{t.connections.relationsLink}</a>
          {' · '}
          <a href={ctx.href(`/annuaire/${org.slug}/levees`)}>{t.connections.roundsLink}</a>
        </p>
      )}

      <IdentitySection ctx={ctx} org={org} fields={fields} />
      <LabelsSection ctx={ctx} labels={labels} />
      {showings}
      <EstablishmentsSection ctx={ctx} profile={profile} />
      <HistorySection ctx={ctx} profile={profile} />
      <RelationsSection ctx={ctx} profile={profile} />
      <FundingSection ctx={ctx} profile={profile} />
      <InvestmentsSection ctx={ctx} profile={profile} />
      {!canEdit && <ClaimSection ctx={ctx} slug={org.slug} pendingSince={pendingClaimSince} />}
      <p>
        <a href={ctx.href('/annuaire')}>{p.backToDirectory}</a>
      </p>
    </Layout>
  );
}
