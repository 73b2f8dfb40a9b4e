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
  'claimDecided',
  'importQueued',
  'settingsSaved',
  // observatory
  'objectiveSaved',
  'milestoneSaved',
  'observatoryQueued',
] as const;
export type FlashKey = (typeof FLASH_KEYS)[number];
