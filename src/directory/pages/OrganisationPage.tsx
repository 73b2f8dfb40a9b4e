import type { HubField } from '../../hub/hub.service.ts';
import type { PageContext } from '../../web/context.ts';
import { DemoBadge, Layout } from '../../web/Layout.tsx';
import type { Kind, OrgStatus } from '../directory.schema.ts';
import type { Profile } from '../directory.service.ts';
import { presentHeadcount } from '../headcount.ts';
import { relationPeriod, relationPhrase } from './ConnectionsPage.tsx';
import { ClaimSection } from './EditPage.tsx';
import { bandLabel, headcountLabel, sourceLabel } from './labels.ts';
import { ScrollTable } from './SubresourcePage.tsx';

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

export function OrganisationPage({
  ctx,
  profile,
  fields,
  canEdit,
  publicUrl,
}: {
  ctx: PageContext;
  profile: Profile;
  fields: HubField[];
  canEdit: boolean;
  publicUrl: string;
}) {
  const { t, fmt } = ctx;
  const p = t.profile;
  const d = t.directory;
  const org = profile.organisation;
  const headcount = presentHeadcount(org);
  const description =
    ctx.locale === 'fr' ? org.description_fr : org.description_en || org.description_fr;
  const fieldName = new Map(fields.map((f) => [f.slug, f.name]));
  const headOffice = profile.establishments.find((e) => e.is_head_office && e.status === 'open');
  const ld = {
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
  const provenance = (field: string) => {
    const src = org.provenance[field]?.source;
    return src ? <span className="provenance"> ({sourceLabel(t, src)})</span> : null;
  };
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
          {provenance(
            ctx.locale === 'en' && org.description_en ? 'description_en' : 'description_fr',
          )}
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

      <section aria-labelledby="identity">
        <h2 id="identity">{p.identity}</h2>
        <dl className="facts">
          <dt>{p.kind}</dt>
          <dd>
            {d.kinds[org.kind as Kind]}
            {provenance('kind')}
          </dd>
          <dt>{p.status}</dt>
          <dd>
            {d.statuses[org.status as OrgStatus]}
            {provenance('status')}
          </dd>
          {org.siren && (
            <>
              <dt>{p.siren}</dt>
              <dd>{org.siren}</dd>
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
              <dd>{org.naf_code}</dd>
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
                {provenance('field_slugs')}
              </dd>
            </>
          )}
          {org.tags.length > 0 && (
            <>
              <dt>{p.tags}</dt>
              <dd>
                {org.tags.join(', ')}
                {provenance('tags')}
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
                {provenance('website')}
              </dd>
            </>
          )}
        </dl>
      </section>

      <section aria-labelledby="establishments">
        <h2 id="establishments">{p.establishments}</h2>
        {profile.establishments.length === 0 ? (
          <p>{p.noEstablishment}</p>
        ) : (
          <table className="table">
            <thead>
              <tr>
                <th scope="col">{p.siret}</th>
                <th scope="col">{p.address}</th>
                <th scope="col">{p.headcount}</th>
                <th scope="col">{p.status}</th>
              </tr>
            </thead>
            <tbody>
              {profile.establishments.map((e) => (
                <tr key={e.siret}>
                  <td>
                    {e.siret}
                    {e.is_head_office && <> ({p.headOffice})</>}
                  </td>
                  <td>
                    {[
                      e.street,
                      [e.postcode, e.commune_name ?? profile.communes.get(e.commune_code ?? '')]
                        .filter(Boolean)
                        .join(' '),
                    ]
                      .filter(Boolean)
                      .join(', ') || '—'}
                  </td>
                  <td>
                    {bandLabel(t, fmt, e.headcount_band)}
                    {e.headcount_year !== null && <> {d.inYear(e.headcount_year)}</>}
                  </td>
                  <td>{e.status === 'open' ? p.open : p.closed}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>

      <section aria-labelledby="history">
        <h2 id="history">{p.history}</h2>
        {profile.history.length === 0 ? (
          <p>{p.noHistory}</p>
        ) : (
          <table className="table">
            <thead>
              <tr>
                <th scope="col">{p.observedOn}</th>
                <th scope="col">{p.value}</th>
                <th scope="col">{p.year}</th>
                <th scope="col">{p.source}</th>
              </tr>
            </thead>
            <tbody>
              {profile.history.map((h) => (
                <tr key={`${h.observed_on}-${h.source}`}>
                  <td>{fmt.date(h.observed_on)}</td>
                  <td>{h.exact !== null ? fmt.number(h.exact) : bandLabel(t, fmt, h.band)}</td>
                  <td>{h.year ?? '—'}</td>
                  <td>{sourceLabel(t, h.source)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>

      <section aria-labelledby="relations">
        <h2 id="relations">{p.relations}</h2>
        {profile.relations.length === 0 ? (
          <p>{p.noRelations}</p>
        ) : (
          <ul>
            {profile.relations.map((r) => {
              const period = relationPeriod(ctx, r);
              return (
                <li key={r.id}>
                  {relationPhrase(ctx, r)}{' '}
                  <a href={ctx.href(`/annuaire/${r.other.slug}`)}>{r.other.name}</a>
                  {period && <> ({period})</>}
                  <span className="provenance"> · {sourceLabel(t, r.source)}</span>
                </li>
              );
            })}
          </ul>
        )}
      </section>

      <section aria-labelledby="funding">
        <h2 id="funding">{p.funding}</h2>
        {profile.funding.length === 0 ? (
          <p>{p.noFunding}</p>
        ) : (
          <ScrollTable label={t.connections.tableOf(p.funding)}>
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">{p.date}</th>
                  <th scope="col">{p.stage}</th>
                  <th scope="col">{p.amount}</th>
                  <th scope="col">{p.investors}</th>
                  <th scope="col">{t.connections.source}</th>
                </tr>
              </thead>
              <tbody>
                {profile.funding.map((r) => (
                  <tr key={r.id}>
                    <td>
                      {fmt.date(r.announced_on)} {r.is_demo && <DemoBadge ctx={ctx} />}
                    </td>
                    <td>{p.stages[r.stage as keyof typeof p.stages]}</td>
                    <td>{r.amount_eur !== null ? fmt.currency(r.amount_eur) : '—'}</td>
                    <td>
                      {r.investors.length === 0
                        ? '—'
                        : r.investors.map((i, n) => (
                            <span key={i.slug}>
                              {n > 0 && ', '}
                              <a href={ctx.href(`/annuaire/${i.slug}`)}>{i.name}</a>
                            </span>
                          ))}
                    </td>
                    <td>{sourceLabel(t, r.source)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollTable>
        )}
      </section>
      {profile.investments.length > 0 && (
        <section aria-labelledby="investments">
          <h2 id="investments">{t.connections.investments}</h2>
          <ScrollTable label={t.connections.tableOf(t.connections.investments)}>
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">{p.date}</th>
                  <th scope="col">{t.connections.funded}</th>
                  <th scope="col">{p.stage}</th>
                  <th scope="col">{p.amount}</th>
                  <th scope="col">{t.connections.source}</th>
                </tr>
              </thead>
              <tbody>
                {profile.investments.map((r) => (
                  <tr key={r.id}>
                    <td>
                      {fmt.date(r.announced_on)} {r.is_demo && <DemoBadge ctx={ctx} />}
                    </td>
                    <td>
                      <a href={ctx.href(`/annuaire/${r.organisation.slug}`)}>
                        {r.organisation.name}
                      </a>
                    </td>
                    <td>{p.stages[r.stage as keyof typeof p.stages]}</td>
                    <td>{r.amount_eur !== null ? fmt.currency(r.amount_eur) : '—'}</td>
                    <td>{sourceLabel(t, r.source)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollTable>
        </section>
      )}
      {!canEdit && <ClaimSection ctx={ctx} slug={org.slug} />}
      <p>
        <a href={ctx.href('/annuaire')}>{p.backToDirectory}</a>
      </p>
    </Layout>
  );
}
