import type { PageContext } from '../../web/context.ts';
import { Layout } from '../../web/Layout.tsx';
import type { MemberItem } from '../observatory.schema.ts';
import { crumbs, DataNotice, MembersTable, type ObservatoryState } from './parts.tsx';

/** The organisations behind one indicator's figure (high-growth firms, funding or closures of a year). */
export function MembersPage({
  ctx,
  state,
  setKey,
  organisations,
  total,
}: {
  ctx: PageContext;
  state: ObservatoryState;
  setKey: string;
  organisations: MemberItem[];
  total: number;
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
      <MembersTable ctx={ctx} members={organisations} total={total} caption={title} />
    </Layout>
  );
}
