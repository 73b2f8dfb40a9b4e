import type { ReactElement } from 'react';
import type { PageContext } from '../web/context.ts';
import type { Locale } from '../web/i18n/index.ts';
import type { Actor, Rule } from './policy.ts';

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
    pageContext(): Promise<PageContext>;
    /** a local link in the language of this request */
    href(path: string): string;
    /** checks a CSRF token read by the handler itself (a streamed upload's first field) */
    verifyCsrf(token: string): Promise<boolean>;
  }
  interface FastifyReply {
    /** renders a React page as a complete HTML document */
    html(element: ReactElement, status?: number): FastifyReply;
    /** sets a one-shot message shown on the next page */
    flash(key: FlashKey): FastifyReply;
  }
  interface FastifyContextConfig {
    /** who may call this route: every route declares one */
    access?: Rule;
    /** answer in the API's JSON error format */
    api?: boolean;
    /**
     * 'first-multipart-field': a file upload's token is its form's first field, which the handler
     * reads from the stream and checks with request.verifyCsrf (the body is not parsed ahead)
     */
    csrf?: 'first-multipart-field';
  }
}

export const FLASH_KEYS = [
  'signedUp',
  'signedOut',
  'passwordReset',
  'resetSent',
  'profileSaved',
  'claimMember',
  'claimPending',
  'claimAlready',
  'merged',
  'organisationMerged',
  'claimDecided',
  'importQueued',
  'settingsSaved',
  // relations and funding rounds
  'relationSaved',
  'relationRemoved',
  'roundSaved',
  'roundRemoved',
  'claimAlreadyDecided',
  // news
  'newsSaved',
  'newsFileAdded',
  'newsFileDeleted',
  'newsRestored',
  'newsRetried',
  'newsProposed',
  'newsRejected',
  // observatory
  'objectiveSaved',
  'milestoneSaved',
  'observatoryQueued',
  'objectiveDeleted',
  'milestoneDeleted',
] as const;
export type FlashKey = (typeof FLASH_KEYS)[number];
