import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { DirectoryService } from './directory.service.ts';

/**
 * The route patterns that name an organisation by its slug, with the position of the slug among
 * the path's segments: every page under /annuaire/{slug}/… and the API's item.
 */
const ORGANISATION_ADDRESSES: readonly { prefix: string; segment: number; api: boolean }[] = [
  { prefix: '/annuaire/:slug', segment: 2, api: false },
  { prefix: '/api/v1/organisations/:slug', segment: 4, api: true },
];

function addressOf(pattern: string | undefined) {
  if (!pattern) return undefined;
  return ORGANISATION_ADDRESSES.find(
    (a) => pattern === a.prefix || pattern.startsWith(`${a.prefix}/`),
  );
}

/** the same address (sub-path and query string kept) with the slug replaced */
function sameAddressFor(request: FastifyRequest, segment: number, slug: string): string {
  const url = request.url;
  const at = url.indexOf('?');
  const [path, query] = at === -1 ? [url, ''] : [url.slice(0, at), url.slice(at)];
  const parts = path.split('/');
  parts[segment] = encodeURIComponent(slug);
  return `${parts.join('/')}${query}`;
}

/**
 * Old addresses of an organisation, in one place for every directory route. A merged
 * organisation's addresses lead to the one it was merged into (following merges: A into B, B into
 * C leads to C), a renamed one's to its new slug:
 *
 * - GET (and HEAD) answers 301 to the same page of the organisation that answers now, with the
 *   rest of the path and the query string;
 * - a form sent to a merged organisation writes nothing: it answers 303 to the kept organisation's
 *   profile, whose notice says the profile was merged and nothing was saved;
 * - a form sent to a renamed organisation's old slug is sent again to the new one (308 keeps the
 *   method and the body: it is the same organisation).
 *
 * Registered after the CSRF check and before the routes' access rules, so a visitor following an
 * old link lands where the page lives now, and is asked to sign in there if that page needs it.
 */
export function registerMovedOrganisations(app: FastifyInstance, directory: DirectoryService) {
  app.addHook('preHandler', movedOrganisation(directory));
}

/**
 * The same, as a route's own hook: an API route that reads a strict body runs it before the body
 * is validated (`preValidation`), so that a merged organisation's address answers its
 * redirection whatever the body.
 */
export function movedOrganisation(directory: DirectoryService) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const address = addressOf(request.routeOptions.url);
    if (!address) return;
    const slug = (request.params as { slug?: unknown } | undefined)?.slug;
    if (typeof slug !== 'string' || slug === '') return;
    const place = await directory.whereIs(slug);
    if (place?.kind !== 'moved') return;
    const local = (path: string) => (address.api ? path : request.href(path));
    if (request.method === 'GET' || request.method === 'HEAD') {
      return reply.redirect(local(sameAddressFor(request, address.segment, place.slug)), 301);
    }
    if (!place.merged) {
      return reply.redirect(local(sameAddressFor(request, address.segment, place.slug)), 308);
    }
    return reply
      .flash('organisationMerged')
      .redirect(local(`/annuaire/${encodeURIComponent(place.slug)}`), 303);
  };
}
