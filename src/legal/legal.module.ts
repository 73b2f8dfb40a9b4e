import { throttleService } from '../accounts/throttle.service.ts';
import type { HubService } from '../hub/hub.service.ts';
import { everyone } from '../kernel/access.ts';
import type { CapabilityModule, Platform } from '../kernel/module.ts';
import { contactService } from './contact.service.ts';
import { legalEn } from './legal.en.ts';
import { legalError } from './legal.errors.ts';
import { legalFr } from './legal.fr.ts';
import { legalRoutes } from './legal.routes.ts';

const legalFlash = { contactSent: (t) => t.legal.contact.sent } satisfies CapabilityModule['flash'];

declare module '../web/http.ts' {
  interface FlashMessages extends Record<keyof typeof legalFlash, true> {}
}

/**
 * The pages a public body owes its visitors: the legal notice (what the hub's settings name), the
 * accessibility statement, what is kept about people and why, and a contact form that writes to
 * the team through the mail queue. Linked from every page's footer.
 */
export function legalModule(
  platform: Platform,
  deps: { hub: Pick<HubService, 'legal'>; staff: () => Promise<{ email: string }[]> },
) {
  const contact = contactService({
    db: platform.db,
    hub: deps.hub,
    throttle: throttleService(platform.db),
    staff: deps.staff,
  });
  return {
    name: 'legal',
    text: { fr: legalFr, en: legalEn },
    flash: legalFlash,
    errors: legalError.table,
    footer: [
      { path: '/mentions-legales', label: (t) => t.legal.footer.notice, order: 10 },
      { path: '/accessibilite', label: (t) => t.legal.footer.accessibility, order: 20 },
      { path: '/confidentialite', label: (t) => t.legal.footer.privacy, order: 30 },
      { path: '/contact', label: (t) => t.legal.footer.contact, order: 40 },
    ],
    englishNames: {
      '/mentions-legales': '/legal-notice',
      '/accessibilite': '/accessibility',
      '/confidentialite': '/privacy',
    },
    access: {
      'GET /mentions-legales': everyone,
      'GET /accessibilite': everyone,
      'GET /confidentialite': everyone,
      'GET /contact': everyone,
      'POST /contact': everyone,
    },
    routes(app) {
      legalRoutes(app, { hub: deps.hub, contact });
    },
  } satisfies CapabilityModule;
}
