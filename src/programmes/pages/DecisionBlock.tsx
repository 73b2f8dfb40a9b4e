import type { PageContext } from '../../web/context.ts';
import type { ApplicantDecision } from '../decisions.service.ts';

/**
 * The decision as the applicant reads it: the outcome, its reasons, the label, the jury's
 * comments to the applicant (never who wrote them, never their comments to the jury), and the
 * letter to download.
 */
export function DecisionBlock({
  ctx,
  applicationId,
  decision,
}: {
  ctx: PageContext;
  applicationId: number;
  decision: ApplicantDecision;
}) {
  const t = ctx.t.programmes.decisions;
  const a = t.applicant;
  return (
    <section aria-labelledby="decision" className="decision">
      <h2 id="decision">{a.heading}</h2>
      <dl className="facts">
        <dt>{a.outcome}</dt>
        <dd>
          <strong>{t.outcomes[decision.decision]}</strong>
        </dd>
        <dt>{a.date}</dt>
        <dd>{ctx.fmt.dateTime(decision.decided_at)}</dd>
        <dt>{a.reasons}</dt>
        <dd className="long-answer">{decision.reasons}</dd>
      </dl>
      {decision.label && (
        <p>{a.label(ctx.locale === 'en' ? decision.label.name_en : decision.label.name_fr)}</p>
      )}
      {decision.letter && (
        <p>
          <a href={ctx.href(`/candidatures/${applicationId}/lettre.pdf`)} download>
            {a.letter}
          </a>
        </p>
      )}
      <h3>{a.comments}</h3>
      {decision.comments.length === 0 ? (
        <p>{a.noComments}</p>
      ) : (
        decision.comments.map((c, i) => (
          // the comments have no other identity than their order
          // biome-ignore lint/suspicious/noArrayIndexKey: a list never reordered
          <blockquote key={i} className="long-answer">
            <p>
              <strong>{a.comment(i + 1)}</strong>
            </p>
            <p>{c}</p>
          </blockquote>
        ))
      )}
    </section>
  );
}
