import { renderMarkdown } from '../../news/markdown.ts';
import type { PageContext } from '../../web/context.ts';
import { CsrfField, ErrorSummary, Field, type FormState } from '../../web/forms.tsx';
import { DemoBadge, Layout } from '../../web/Layout.tsx';
import type { EventView } from '../events.service.ts';
import { AGENDA_PATH, eventPath, inLanguage, titleOf, whenText } from './common.tsx';

/** the description as plain text (what the allow-list kept, without its tags), for metadata */
export function plainText(markdown: string, max = 300): string {
  return renderMarkdown(markdown)
    .replace(/<[^>]*>/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, max);
}

/** schema.org Event as JSON-LD: data for search engines, never run (no `<` left unescaped) */
export function eventJsonLd(
  e: EventView,
  o: { url: string; locale: 'fr' | 'en'; site?: { name: string; address: string } },
): string {
  const data = {
    '@context': 'https://schema.org',
    '@type': 'Event',
    name: o.locale === 'en' ? e.title_en : e.title_fr,
    description: plainText(
      o.locale === 'en' ? e.description_en || e.description_fr : e.description_fr,
    ),
    startDate: e.starts_at.toISOString(),
    endDate: e.ends_at.toISOString(),
    eventStatus:
      e.status === 'cancelled'
        ? 'https://schema.org/EventCancelled'
        : 'https://schema.org/EventScheduled',
    eventAttendanceMode: 'https://schema.org/OfflineEventAttendanceMode',
    url: o.url,
    ...(o.site
      ? {
          location: {
            '@type': 'Place',
            name: o.site.name,
            address: o.site.address,
          },
        }
      : {}),
    ...(e.organisers.length > 0
      ? {
          organizer: e.organisers.map((org) => ({ '@type': 'Organization', name: org.name })),
        }
      : {}),
    ...(e.capacity > 0
      ? {
          maximumAttendeeCapacity: e.capacity,
          remainingAttendeeCapacity: e.remaining,
          isAccessibleForFree: (e.price_fr || e.price_en) === '',
        }
      : {}),
  };
  return JSON.stringify(data).replace(/</g, '\\u003c').replace(/>/g, '\\u003e');
}

export type RegistrationState = {
  open: boolean;
  form: FormState;
};

export function EventPage(props: {
  ctx: PageContext;
  event: EventView;
  site?: { name: string; address: string };
  publicUrl: string;
  registration: RegistrationState;
}) {
  const { ctx, event: e, site, publicUrl, registration } = props;
  const t = ctx.t.events;
  const title = titleOf(ctx, e);
  const url = `${publicUrl}${ctx.href(eventPath(e.slug))}`;
  const description = inLanguage(ctx, e.description_fr, e.description_en);
  const summary = plainText(description, 200);
  const price = inLanguage(ctx, e.price_fr, e.price_en);
  const accessibility = inLanguage(ctx, e.accessibility_fr, e.accessibility_en);
  const map = site
    ? `https://www.openstreetmap.org/search?query=${encodeURIComponent(`${site.address}, Grenoble`)}`
    : null;
  return (
    <Layout
      ctx={ctx}
      title={title}
      breadcrumbs={[{ label: t.agendaTitle, href: ctx.href(AGENDA_PATH) }, { label: title }]}
      head={
        <>
          <meta property="og:type" content="website" />
          <meta property="og:title" content={title} />
          <meta property="og:description" content={summary} />
          <meta property="og:url" content={url} />
          {e.image_key && (
            <meta property="og:image" content={`${publicUrl}${eventPath(e.slug)}/image`} />
          )}
          <meta name="description" content={summary} />
          <script
            type="application/ld+json"
            // biome-ignore lint/security/noDangerouslySetInnerHtml: JSON data, `<` and `>` escaped
            dangerouslySetInnerHTML={{ __html: eventJsonLd(e, { url, locale: ctx.locale, site }) }}
          />
        </>
      }
    >
      <article className="event">
        <h1>
          {title}
          {e.is_demo && (
            <>
              {' '}
              <DemoBadge ctx={ctx} />
            </>
          )}
        </h1>
        {e.status === 'cancelled' && (
          <p className="notice" role="status">
            {t.cancelled}
          </p>
        )}
        {e.image_key && (
          <img
            className="event-image"
            src={`${eventPath(e.slug)}/image`}
            alt={inLanguage(ctx, e.image_alt_fr, e.image_alt_en)}
          />
        )}
        <dl className="facts">
          <dt>{t.when}</dt>
          <dd>
            <time dateTime={e.starts_at.toISOString()}>{whenText(ctx, e)}</time>
          </dd>
          {(e.space_name_fr || site) && (
            <>
              <dt>{t.where}</dt>
              <dd>
                {e.space_name_fr && inLanguage(ctx, e.space_name_fr, e.space_name_en ?? '')}
                {site && (
                  <>
                    {e.space_name_fr && ', '}
                    {site.name} — {site.address}
                  </>
                )}
                {map && (
                  <>
                    {' '}
                    (<a href={map}>{t.map}</a>)
                  </>
                )}
              </dd>
            </>
          )}
          <dt>{t.price}</dt>
          <dd>{price || t.free}</dd>
          {e.organisers.length > 0 && (
            <>
              <dt>{t.organisedBy}</dt>
              <dd>
                {e.organisers.map((o, i) => (
                  <span key={o.id}>
                    {i > 0 && ', '}
                    <a href={ctx.href(`/annuaire/${o.slug}`)}>{o.name}</a>
                  </span>
                ))}
              </dd>
            </>
          )}
          {e.tags.length > 0 && (
            <>
              <dt>{t.tags}</dt>
              <dd>{e.tags.join(', ')}</dd>
            </>
          )}
          {accessibility && (
            <>
              <dt>{t.accessibility}</dt>
              <dd>{accessibility}</dd>
            </>
          )}
          {e.capacity > 0 && e.status === 'published' && (
            <>
              <dt>{t.register.title}</dt>
              <dd>{t.places(e.remaining, e.capacity)}</dd>
            </>
          )}
        </dl>
        <div
          className="prose"
          // biome-ignore lint/security/noDangerouslySetInnerHtml: Markdown through the platform's allow-list
          dangerouslySetInnerHTML={{ __html: renderMarkdown(description, ctx.locale) }}
        />
        {e.date_precision === 'time' && (
          <p>
            <a href={`${eventPath(e.slug)}/evenement.ics`} download>
              {t.addToCalendar}
            </a>
          </p>
        )}
        {e.capacity > 0 && e.status === 'published' && (
          <RegisterSection ctx={ctx} event={e} state={registration} />
        )}
      </article>
    </Layout>
  );
}

function RegisterSection({
  ctx,
  event: e,
  state,
}: {
  ctx: PageContext;
  event: EventView;
  state: RegistrationState;
}) {
  const t = ctx.t.events.register;
  const action = ctx.href(`${eventPath(e.slug)}/inscription`);
  const full = e.remaining === 0;
  return (
    <section aria-labelledby="register-title" className="card register">
      <h2 id="register-title">{t.title}</h2>
      {!state.open ? (
        <p>
          {t.closed}
          {e.registration_opens_at && e.registration_opens_at > new Date() && (
            <> {t.opens(ctx.fmt.dateTime(e.registration_opens_at))}</>
          )}
        </p>
      ) : (
        <>
          {full && <p>{t.full}</p>}
          <ErrorSummary ctx={ctx} form={state.form} />
          <form method="post" action={action} noValidate>
            <CsrfField ctx={ctx} />
            {full && <input type="hidden" name="waitlist" value="1" />}
            {ctx.user ? (
              <p>{t.member(ctx.user.name)}</p>
            ) : (
              <>
                <Field form={state.form} name="name" label={t.name} autoComplete="name" required />
                <Field
                  form={state.form}
                  name="email"
                  type="email"
                  label={t.email}
                  hint={t.emailHint}
                  autoComplete="email"
                  required
                />
              </>
            )}
            <button type="submit">
              {full ? t.waitlistSubmit : ctx.user ? t.memberSubmit : t.submit}
            </button>
          </form>
        </>
      )}
    </section>
  );
}
