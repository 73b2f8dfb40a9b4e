import type { Locale } from './locale.ts';
import type { Actor, Rule } from './policy.ts';

/**
 * What a public page shows, as groups of tables whose writes bump a version at commit
 * (migration 0043): a page served from the cache is rendered again once one of its topics
 * changed. Every page shows the hub (its name, its footer), which is always included.
 */
export type PageTopic =
  | 'directory'
  | 'news'
  | 'observatory'
  | 'events'
  | 'venue'
  | 'programmes'
  | 'people';

/** What the platform adds to Fastify's requests and routes (pages add theirs in web/http.ts). */
declare module 'fastify' {
  interface FastifyInstance {
    /** every route registered, for the role × route test */
    routeTable: { method: string; url: string }[];
  }
  interface FastifyRequest {
    locale: Locale;
    actor: Actor;
    /** the raw session id from the cookie, when it matched a live session */
    sessionId: string | null;
    /** a local link in the language of this request */
    href(path: string): string;
    /** checks a CSRF token read by the handler itself (a streamed upload's first field) */
    verifyCsrf(token: string): Promise<boolean>;
  }
  interface FastifyReply {
    /** a CSRF token for a form of this page, bound to this request's session */
    csrfToken(): string;
    /** true once this answer holds something for this browser only (a CSRF token, a flash) */
    personal: boolean;
    /** forgets the CSRF secret: the next page makes a new one (at every sign-in) */
    renewCsrf(): FastifyReply;
  }
  interface FastifyContextConfig {
    /** who may call this route: every route declares one */
    access?: Rule;
    /** answer in the API's JSON error format */
    api?: boolean;
    /**
     * 'first-multipart-field': a file upload's token is its form's first field, which the handler
     * reads from the stream and checks with request.verifyCsrf (the body is not parsed ahead)
     * 'not-for-visitors': a public API a visitor calls without any session (an event's
     * registration by name and e-mail): there is no session for a third-party page to ride on,
     * so a visitor sends no token; a signed-in browser still does
     */
    csrf?: 'first-multipart-field' | 'not-for-visitors';
    /**
     * a public page a visitor without a session is served from the page cache
     * (src/app/page-cache/), rendered again once one of these topics changed
     */
    cache?: { topics: readonly PageTopic[] };
  }
}
