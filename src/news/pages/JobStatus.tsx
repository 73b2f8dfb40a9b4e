import type { PageContext } from '../../web/context.ts';
import { CsrfField } from '../../web/forms.tsx';
import type { JobRow } from '../publication.repository.ts';

/** What became of a scheduled publication: waiting, published at …, or failed with a retry. */
export function JobStatus({
  ctx,
  job,
  articleId,
}: {
  ctx: PageContext;
  job: JobRow;
  articleId: number;
}) {
  const a = ctx.t.news.admin;
  const messages = ctx.t.news.messages as Record<string, string>;
  if (job.status === 'waiting')
    return <p className="job-waiting">{a.waiting(ctx.fmt.dateTime(job.run_at))}</p>;
  if (job.status === 'done')
    return (
      <p className="job-done">{a.publishedAt(ctx.fmt.dateTime(job.finished_at ?? job.run_at))}</p>
    );
  if (job.status === 'failed')
    return (
      <div className="job-failed">
        <p className="error">{a.failed(messages[job.error ?? ''] ?? job.error ?? '')}</p>
        <form
          method="post"
          action={ctx.href(`/admin/actualites/${articleId}/${job.locale}/reessayer`)}
          className="inline-form"
        >
          <CsrfField ctx={ctx} />
          <button type="submit">{a.retry}</button>
        </form>
      </div>
    );
  return null;
}
