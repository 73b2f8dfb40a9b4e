import type { FastifyInstance } from 'fastify';
import type { HubService } from '../hub/hub.service.ts';
import { emptyForm } from '../web/forms.tsx';
import { fieldErrors, formValues } from '../web/validation.ts';
import type { ContactService } from './contact.service.ts';
import { legalError } from './legal.errors.ts';
import { legalPolicy as can } from './legal.policy.ts';
import { contactForm } from './legal.schema.ts';
import { ContactPage } from './pages/ContactPage.tsx';
import { AccessibilityPage, NoticePage, PrivacyPage } from './pages/LegalPages.tsx';

/** The legal notice, the accessibility statement, the privacy page and the contact form. */
export function legalRoutes(
  app: FastifyInstance,
  deps: { hub: Pick<HubService, 'legal'>; contact: ContactService },
) {
  app.get(
    '/mentions-legales',
    { config: { access: can.read, cache: { topics: [] } } },
    async (request, reply) => {
      const [ctx, facts] = await Promise.all([request.pageContext(), deps.hub.legal()]);
      return reply.html(NoticePage({ ctx, facts }));
    },
  );

  app.get(
    '/accessibilite',
    { config: { access: can.read, cache: { topics: [] } } },
    async (request, reply) => {
      return reply.html(AccessibilityPage({ ctx: await request.pageContext() }));
    },
  );

  app.get(
    '/confidentialite',
    { config: { access: can.read, cache: { topics: [] } } },
    async (request, reply) => {
      return reply.html(PrivacyPage({ ctx: await request.pageContext() }));
    },
  );

  app.get(
    '/contact',
    { config: { access: can.read, cache: { topics: [] } } },
    async (request, reply) => {
      return reply.html(ContactPage({ ctx: await request.pageContext(), form: emptyForm() }));
    },
  );

  app.post('/contact', { config: { access: can.contact } }, async (request, reply) => {
    const ctx = await request.pageContext();
    const values = formValues(request.body);
    const parsed = contactForm.safeParse(request.body ?? {});
    if (!parsed.success) {
      const form = { values, errors: fieldErrors(parsed.error, ctx.t) };
      return reply.html(ContactPage({ ctx, form }), 422);
    }
    try {
      const outcome = await deps.contact.send(parsed.data, {
        client: request.ip,
        locale: request.locale,
      });
      if (!outcome.sent) {
        const message = ctx.t.legal.contact.tooMany(outcome.retryAfter);
        reply.header('retry-after', String(outcome.retryAfter));
        return reply.html(ContactPage({ ctx, form: { values, errors: {}, message } }), 429);
      }
    } catch (error) {
      if (!legalError.is(error, 'CONTACT_UNAVAILABLE')) throw error;
      const form = { values, errors: {}, message: error.text(request.locale) };
      return reply.html(ContactPage({ ctx, form }), error.status);
    }
    return reply.flash('contactSent').redirect(request.href('/contact'), 303);
  });
}
