import type { Role } from '../db/schema.ts';
import type { Catalogue, Formatter, Locale } from './i18n/index.ts';

export type SignedInUser = {
  id: string;
  name: string;
  email: string;
  role: Role;
  locale: Locale;
  createdAt: Date;
};

export type HubSummary = {
  name: string;
  demo: boolean;
};

export type Crumb = { label: string; href?: string };

/** Everything a page component needs from the request, already in the visitor's language. */
export type PageContext = {
  locale: Locale;
  t: Catalogue;
  fmt: Formatter;
  /** the French (canonical) path of this page, query included */
  path: string;
  /** a link in the current language */
  href: (path: string) => string;
  user: SignedInUser | null;
  hub: HubSummary;
  csrfToken: () => string;
  /** a one-shot message left by the previous request (post, redirect, get) */
  flash?: string;
  requestId: string;
};
