import type { PageContext } from '../../web/context.ts';
import { DemoBadge } from '../../web/Layout.tsx';
import type { Profile } from '../directory.service.ts';
import { relationPeriod, relationPhrase } from './ConnectionsPage.tsx';
import { bandLabel, formatSiret, sourceLabel } from './labels.tsx';
import { ScrollTable } from './SubresourcePage.tsx';

/** The parts of a public profile below its identity, each a section with its own heading. */

type Props = { ctx: PageContext; profile: Profile };

export function EstablishmentsSection({ ctx, profile }: Props) {
  const { t, fmt } = ctx;
  const p = t.profile;
  return (
    <section aria-labelledby="establishments">
      <h2 id="establishments">{p.establishments}</h2>
      {profile.establishments.length === 0 ? (
        <p>{p.noEstablishment}</p>
      ) : (
        <ScrollTable label={t.connections.tableOf(p.establishments)}>
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
                    {formatSiret(e.siret)}
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
                    {e.headcount_year !== null && <> {t.directory.inYear(e.headcount_year)}</>}
                  </td>
                  <td>{e.status === 'open' ? p.open : p.closed}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollTable>
      )}
    </section>
  );
}

export function HistorySection({ ctx, profile }: Props) {
  const { t, fmt } = ctx;
  const p = t.profile;
  return (
    <section aria-labelledby="history">
      <h2 id="history">{p.history}</h2>
      {profile.history.length === 0 ? (
        <p>{p.noHistory}</p>
      ) : (
        <ScrollTable label={t.connections.tableOf(p.history)}>
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
        </ScrollTable>
      )}
    </section>
  );
}

export function RelationsSection({ ctx, profile }: Props) {
  const { t } = ctx;
  const p = t.profile;
  return (
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
  );
}

export function FundingSection({ ctx, profile }: Props) {
  const { t, fmt } = ctx;
  const p = t.profile;
  return (
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
  );
}

/** the rounds the organisation took part in as an investor: only when there are some */
export function InvestmentsSection({ ctx, profile }: Props) {
  const { t, fmt } = ctx;
  const p = t.profile;
  const c = t.connections;
  if (profile.investments.length === 0) return null;
  return (
    <section aria-labelledby="investments">
      <h2 id="investments">{c.investments}</h2>
      <ScrollTable label={c.tableOf(c.investments)}>
        <table className="table">
          <thead>
            <tr>
              <th scope="col">{p.date}</th>
              <th scope="col">{c.funded}</th>
              <th scope="col">{p.stage}</th>
              <th scope="col">{p.amount}</th>
              <th scope="col">{c.source}</th>
            </tr>
          </thead>
          <tbody>
            {profile.investments.map((r) => (
              <tr key={r.id}>
                <td>
                  {fmt.date(r.announced_on)} {r.is_demo && <DemoBadge ctx={ctx} />}
                </td>
                <td>
                  <a href={ctx.href(`/annuaire/${r.organisation.slug}`)}>{r.organisation.name}</a>
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
  );
}
