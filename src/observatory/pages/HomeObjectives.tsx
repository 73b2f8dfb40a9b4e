import type { PageContext } from '../../web/context.ts';
import { DemoBadge } from '../../web/Layout.tsx';

/** an objective at a glance */
export type HomeObjective = {
  id: number;
  title: string;
  value: number | null;
  target: number;
  deadline: string;
  url: string;
};

/** The home page's block: the hub's objectives at a glance, with a link to the observatory. */
export function HomeObjectives({
  ctx,
  objectives,
}: {
  ctx: PageContext;
  objectives: HomeObjective[];
}) {
  const { t, fmt } = ctx;
  return (
    <section aria-labelledby="objectives-title" className="home-objectives">
      <h2 id="objectives-title">{t.observatory.homeTitle}</h2>
      {ctx.hub.demo && (
        <p className="demo-notice">
          <DemoBadge ctx={ctx} /> {t.observatory.demoData}
        </p>
      )}
      <ul className="cards">
        {objectives.map((o) => (
          <li key={o.id} className="card">
            <h3>
              <a href={o.url}>{o.title}</a>
            </h3>
            <p className="objective-figure">
              {o.value === null
                ? t.observatory.methods.not_computed
                : t.observatory.valueOfTarget(fmt.number(o.value), fmt.number(o.target))}
            </p>
            <p>{t.observatory.deadline(fmt.date(o.deadline))}</p>
          </li>
        ))}
      </ul>
      <p>
        <a href={ctx.href('/observatoire')}>{t.observatory.homeLink}</a>
      </p>
    </section>
  );
}
