import type { PageContext } from '../../web/context.ts';
import { Layout } from '../../web/Layout.tsx';
import type { ListPage } from '../lists.service.ts';
import type { MemberItem } from '../observatory.schema.ts';
import { crumbs, DataNotice, MembersTable, type ObservatoryState } from './parts.tsx';

/** The organisations behind one indicator's figure (high-growth firms, funding or closures of a year). */
export function MembersPage({
  ctx,
  state,
  setName,
  setKey,
  organisations,
  total,
  page,
}: {
  ctx: PageContext;
  state: ObservatoryState;
  /** the set as the address names it ("croissance-ocde") */
  setName: string;
  setKey: string;
  organisations: MemberItem[];
  total: number;
  page: ListPage;
}) {
  const o = ctx.t.observatory;
  const title = setKey.startsWith('funding:')
    ? o.sets.funding(setKey.slice('funding:'.length))
    : setKey === 'closures:unknown'
      ? o.sets.closuresUnknown
      : setKey.startsWith('closures:')
        ? o.sets.closures(setKey.slice('closures:'.length))
        : setKey === 'high_growth:oecd'
          ? o.sets.oecd
          : o.sets.eurostat;
  return (
    <Layout ctx={ctx} title={title} breadcrumbs={crumbs(ctx, { label: title })}>
      <h1>{title}</h1>
      <DataNotice ctx={ctx} state={state} />
      {setKey.startsWith('high_growth:') && <p className="hint">{o.highGrowthRule}</p>}
      <MembersTable
        ctx={ctx}
        members={organisations}
        total={total}
        caption={title}
        page={page}
        pageHref={(n) =>
          ctx.href(
            `/observatoire/organisations?ensemble=${encodeURIComponent(setName)}${n > 1 ? `&page=${n}` : ''}`,
          )
        }
        csvHref={ctx.href(
          `/observatoire/organisations.csv?ensemble=${encodeURIComponent(setName)}`,
        )}
      />
    </Layout>
  );
}
