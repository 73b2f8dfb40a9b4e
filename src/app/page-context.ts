import type { FastifyReply, FastifyRequest } from 'fastify';
import type { CapabilityModule, Text } from '../kernel/module.ts';
import { isStaff } from '../kernel/policy.ts';
import type { HubSummary, PageContext } from '../web/context.ts';
import { assembleCatalogues } from '../web/i18n/catalogue.ts';
import { formatter, localePath } from '../web/i18n/index.ts';

/**
 * What every page gets from the request, in the visitor's language: the catalogue, the main
 * navigation and the back office's cards, all gathered from the capabilities once, at start.
 */
export function pageContextFactory(
  modules: readonly CapabilityModule[],
  site: () => Promise<HubSummary>,
  /** the header's logo: an address under /assets/ or a data: address (src/web/logo.ts) */
  logo: string,
) {
  const catalogues = assembleCatalogues(modules.flatMap((m) => (m.text ? [m.text] : [])));
  const flash = new Map<string, Text>();
  for (const m of modules) {
    for (const [key, text] of Object.entries(m.flash ?? {})) {
      if (flash.has(key)) throw new Error(`Two capabilities declare the message ${key}.`);
      flash.set(key, text);
    }
  }
  const nav = modules.flatMap((m) => m.nav ?? []).sort((a, b) => a.order - b.order);
  const footer = modules.flatMap((m) => m.footer ?? []).sort((a, b) => a.order - b.order);
  const cards = modules.flatMap((m) => m.admin ?? []).sort((a, b) => a.order - b.order);

  return async function pageContext(
    request: FastifyRequest,
    reply: FastifyReply,
    flashKey: string | undefined,
  ): Promise<PageContext> {
    const t = catalogues[request.locale];
    const user = request.actor.kind === 'user' ? request.actor.user : null;
    const message = flashKey ? flash.get(flashKey) : undefined;
    return {
      locale: request.locale,
      t,
      fmt: formatter(request.locale),
      path: request.url,
      href: (p) => localePath(request.locale, p),
      user,
      hub: await site(),
      logo,
      nav: nav.map((n) => ({ path: n.path, label: n.label(t) })),
      footer: footer.map((n) => ({ path: n.path, label: n.label(t) })),
      adminCards: cards
        .filter((c) => (c.visible ?? isStaff)(request.actor))
        .map((c) => ({
          path: c.path,
          title: c.title(t),
          intro: c.intro?.(t),
          ...(c.summary ? { summary: () => c.summary?.(t) ?? Promise.resolve(null) } : {}),
        })),
      csrfToken: () => reply.csrfToken(),
      requestId: request.id,
      ...(message ? { flash: message(t) } : {}),
    };
  };
}
