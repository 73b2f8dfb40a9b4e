import type { ReactElement } from 'react';
import type { PageContext } from './context.ts';

/**
 * The one-shot messages a reply may leave for the next page (post, redirect, get). Each
 * capability declares its keys here next to their texts
 * (`interface FlashMessages extends Record<keyof typeof itsFlash, true> {}`), so that
 * `reply.flash(key)` only takes a key some capability shows.
 */
// biome-ignore lint/suspicious/noEmptyInterface: filled by declaration merging, one capability at a time
export interface FlashMessages {}
export type FlashKey = keyof FlashMessages & string;

/** What pages add to Fastify's requests and replies. */
declare module 'fastify' {
  interface FastifyRequest {
    pageContext(): Promise<PageContext>;
  }
  interface FastifyReply {
    /** renders a React page as a complete HTML document */
    html(element: ReactElement, status?: number): FastifyReply;
    /** sets a one-shot message shown on the next page */
    flash(key: FlashKey): FastifyReply;
  }
}
