import type { SignedInUser } from '../kernel/policy.ts';
import type { Catalogue, Formatter, Locale } from './i18n/index.ts';

export type { SignedInUser };

export type HubSummary = {
  name: string;
  demo: boolean;
};

export type Crumb = { label: string; href?: string };

/** a link of a navigation, already in the visitor's language */
export type NavLink = { path: string; label: string };

/** a card of the back office's home page, in the visitor's language */
export type AdminCard = {
  path: string;
  title: string;
  intro?: string;
  /** what needs attention now, read by the back office's home only */
  summary?: () => Promise<string | null>;
};

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
  /** the hub's logo for the header (LOGO_FILE, or the default mark) */
  logo: string;
  /** the site's main navigation, from the capabilities */
  nav: NavLink[];
  /** every page's footer links, from the capabilities */
  footer: NavLink[];
  /** the back office's cards this person may open, from the capabilities */
  adminCards: AdminCard[];
  csrfToken: () => string;
  /** a one-shot message left by the previous request (post, redirect, get) */
  flash?: string;
  requestId: string;
};
