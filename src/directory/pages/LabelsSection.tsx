import type { PageContext } from '../../web/context.ts';
import type { Locale } from '../../web/i18n/index.ts';
import { DemoBadge } from '../../web/Layout.tsx';

/** A label an organisation holds or held, as programmes tell it (passed in by app/modules.ts). */
export type OrganisationLabel = {
  id: number;
  name: Record<Locale, string>;
  validFrom: string;
  validUntil: string | null;
  standing: 'current' | 'expired' | 'withdrawn';
  isDemo: boolean;
};

/** the labels of an organisation, for its profile */
export type LabelsOf = (organisationId: string) => Promise<OrganisationLabel[]>;

/** A label as the directory's facet names it: its slug (the facet's value) and its names. */
export type LabelName = {
  slug: string;
  name: Record<Locale, string>;
  /** every label of this name is demonstration data */
  isDemo: boolean;
};

/** the names of the labels of programmes (passed in by app/modules.ts), for the facet */
export type LabelNames = () => Promise<LabelName[]>;

/** The profile's labels: current ones first, then past and withdrawn ones; none, no section. */
export function LabelsSection({ ctx, labels }: { ctx: PageContext; labels: OrganisationLabel[] }) {
  if (labels.length === 0) return null;
  const l = ctx.t.profile.labels;
  const order = { current: 0, expired: 1, withdrawn: 2 };
  const sorted = [...labels].sort((a, b) => order[a.standing] - order[b.standing]);
  return (
    <section aria-labelledby="labels">
      <h2 id="labels">{l.title}</h2>
      <ul className="profile-labels">
        {sorted.map((label) => (
          <li key={label.id} className={`label-${label.standing}`}>
            <a href={ctx.href(`/labels/${label.id}`)}>{label.name[ctx.locale]}</a>{' '}
            {label.validUntil === null
              ? l.since(ctx.fmt.date(label.validFrom))
              : l.fromTo(ctx.fmt.date(label.validFrom), ctx.fmt.date(label.validUntil))}{' '}
            ({l.standing[label.standing]}) {label.isDemo && <DemoBadge ctx={ctx} />}
          </li>
        ))}
      </ul>
      <p>
        <a href={ctx.href('/labels')}>{l.all}</a>
      </p>
    </section>
  );
}
