import type { PageContext } from '../../web/context.ts';
import { Layout } from '../../web/Layout.tsx';
import { ScrollRegion } from '../../web/ScrollRegion.tsx';
import type { Kept } from '../legal.fr.ts';

/** what the legal notice names, as the hub's settings give it */
export type LegalFacts = { name: string; publisher: string; director: string; host: string };

function crumbs(ctx: PageContext, label: string) {
  return [{ label: ctx.t.nav.home, href: '/' }, { label }];
}

/** a value of the settings, or words saying it is not given yet */
function Given({ ctx, value }: { ctx: PageContext; value: string }) {
  if (value.trim() === '') return <p className="hint">{ctx.t.legal.notice.notGiven}</p>;
  return (
    <p>
      {value.split(/\r?\n/).map((line, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: the lines of one text, in order
        <span key={i}>
          {i > 0 && <br />}
          {line}
        </span>
      ))}
    </p>
  );
}

export function NoticePage({ ctx, facts }: { ctx: PageContext; facts: LegalFacts }) {
  const n = ctx.t.legal.notice;
  return (
    <Layout ctx={ctx} title={n.title} breadcrumbs={crumbs(ctx, n.title)}>
      <h1>{n.title}</h1>
      <h2>{n.publisher}</h2>
      <Given ctx={ctx} value={facts.publisher || facts.name} />
      <h2>{n.director}</h2>
      <Given ctx={ctx} value={facts.director} />
      <h2>{n.host}</h2>
      <Given ctx={ctx} value={facts.host} />
      <h2>{n.software}</h2>
      <p>{n.softwareText}</p>
      <p>{n.demo}</p>
      <p>
        {n.contactText} <a href={ctx.href('/contact')}>{ctx.t.legal.contact.title}</a>
      </p>
    </Layout>
  );
}

export function AccessibilityPage({ ctx }: { ctx: PageContext }) {
  const a = ctx.t.legal.accessibility;
  return (
    <Layout ctx={ctx} title={a.title} breadcrumbs={crumbs(ctx, a.title)}>
      <h1>{a.title}</h1>
      <p>{a.intro(ctx.hub.name)}</p>
      <h2>{a.statusTitle}</h2>
      <p>
        <strong>{a.status}</strong>
      </p>
      <h2>{a.measuredTitle}</h2>
      <ul>
        {a.measured.map((line) => (
          <li key={line}>{line}</li>
        ))}
      </ul>
      <h2>{a.knownTitle}</h2>
      <ul>
        {a.known.map((line) => (
          <li key={line}>{line}</li>
        ))}
      </ul>
      <h2>{a.reportTitle}</h2>
      <p>
        {a.report} <a href={ctx.href('/contact')}>{ctx.t.legal.contact.title}</a>
      </p>
      <h2>{a.remedyTitle}</h2>
      <p>{a.remedy}</p>
      <p className="hint">{a.dated}</p>
    </Layout>
  );
}

function KeptTable({ ctx, caption, rows }: { ctx: PageContext; caption: string; rows: Kept[] }) {
  const h = ctx.t.legal.privacy.head;
  return (
    <ScrollRegion label={caption}>
      <table>
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{h.what}</th>
            <th scope="col">{h.why}</th>
            <th scope="col">{h.howLong}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.what}>
              <th scope="row">{r.what}</th>
              <td>{r.why}</td>
              <td>{r.howLong}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollRegion>
  );
}

export function PrivacyPage({ ctx }: { ctx: PageContext }) {
  const p = ctx.t.legal.privacy;
  return (
    <Layout ctx={ctx} title={p.title} breadcrumbs={crumbs(ctx, p.title)}>
      <h1>{p.title}</h1>
      <p>{p.intro}</p>
      <h2>{p.cookiesTitle}</h2>
      <KeptTable ctx={ctx} caption={p.cookiesTitle} rows={p.cookies} />
      <h2>{p.dataTitle}</h2>
      <KeptTable ctx={ctx} caption={p.dataTitle} rows={p.data} />
      <p>{p.sharing}</p>
      <h2>{p.rightsTitle}</h2>
      <p>
        {p.rights} <a href={ctx.href('/contact')}>{ctx.t.legal.contact.title}</a>
      </p>
    </Layout>
  );
}
