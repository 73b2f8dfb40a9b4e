import type { ReactNode } from 'react';
import { asset } from './assets.ts';
import type { Crumb, PageContext } from './context.ts';
import { Notice } from './forms.tsx';
import { type Locale, localePath } from './i18n/index.ts';

type LayoutProps = {
  ctx: PageContext;
  title: string;
  breadcrumbs?: Crumb[];
  children: ReactNode;
  /** extra tags for <head> (canonical, feeds, metadata) */
  head?: ReactNode;
  /**
   * the page in each language, when its address differs between them (an article's slug); a
   * language missing here has no version of the page
   */
  alternates?: Partial<Record<Locale, string>>;
};

function NavLink({ ctx, to, children }: { ctx: PageContext; to: string; children: ReactNode }) {
  const current = ctx.path.split('?')[0] === to;
  return (
    <a href={ctx.href(to)} aria-current={current ? 'page' : undefined}>
      {children}
    </a>
  );
}

export function Layout({ ctx, title, breadcrumbs, children, head, alternates }: LayoutProps) {
  const { t } = ctx;
  const other = ctx.locale === 'fr' ? 'en' : 'fr';
  const inLanguage = alternates ?? {
    fr: localePath('fr', ctx.path),
    en: localePath('en', ctx.path),
  };
  const fullTitle = title === ctx.hub.name ? title : `${title} — ${ctx.hub.name}`;
  return (
    <html lang={ctx.locale}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{fullTitle}</title>
        {/* one stylesheet in several files, in this order: the tokens and the page, the components, then each capability's */}
        <link rel="stylesheet" href={asset('totem.css')} />
        <link rel="stylesheet" href={asset('totem-components.css')} />
        <link rel="stylesheet" href={asset('totem-directory.css')} />
        <link rel="stylesheet" href={asset('totem-observatory.css')} />
        <link rel="stylesheet" href={asset('totem-programmes.css')} />
        <link rel="stylesheet" href={asset('totem-venue.css')} />
        <link rel="icon" href={asset('favicon.svg')} type="image/svg+xml" />
        {inLanguage.fr && <link rel="alternate" hrefLang="fr" href={inLanguage.fr} />}
        {inLanguage.en && <link rel="alternate" hrefLang="en" href={inLanguage.en} />}
        {head}
      </head>
      <body>
        <a className="skip-link" href="#main">
          {t.skipToContent}
        </a>
        <header className="site-header">
          <div className="wrap header-row">
            <a className="brand" href={ctx.href('/')}>
              <img className="brand-logo" src={ctx.logo} alt="" width={40} height={40} />
              <span className="brand-name">{ctx.hub.name}</span>
            </a>
            {/* on a phone the menu folds into this disclosure (no script); on a wide screen it
                shows open and its summary is hidden (totem.css) */}
            <details className="site-menu">
              <summary>{t.menu}</summary>
              <div className="site-menu-body">
                <nav aria-label={t.mainNav} className="main-nav">
                  {ctx.nav.map((link) => (
                    <NavLink key={link.path} ctx={ctx} to={link.path}>
                      {link.label}
                    </NavLink>
                  ))}
                </nav>
                <AccountNav ctx={ctx} />
              </div>
            </details>
            <a
              href={inLanguage[other] ?? localePath(other, '/actualites')}
              hrefLang={other}
              lang={other}
              className="lang-switch"
              title={t.switchLang}
            >
              {t.otherLangLabel}
            </a>
          </div>
        </header>
        {breadcrumbs && breadcrumbs.length > 0 && (
          <nav aria-label={t.breadcrumb} className="breadcrumbs wrap">
            <ol>
              {breadcrumbs.map((c, i) => (
                <li key={c.href ?? c.label}>
                  {c.href && i < breadcrumbs.length - 1 ? (
                    <a href={ctx.href(c.href)}>{c.label}</a>
                  ) : (
                    <span aria-current={i === breadcrumbs.length - 1 ? 'page' : undefined}>
                      {c.label}
                    </span>
                  )}
                </li>
              ))}
            </ol>
          </nav>
        )}
        <main id="main" className="wrap" tabIndex={-1}>
          {ctx.flash && <Notice>{ctx.flash}</Notice>}
          {children}
        </main>
        <footer className="site-footer">
          <div className="wrap">
            <p>{t.footer.about(ctx.hub.name)}</p>
            {ctx.hub.demo && (
              <p className="demo-notice">
                <DemoBadge ctx={ctx} /> {t.footer.demoNotice}
              </p>
            )}
            <ul className="footer-links">
              {ctx.footer.map((link) => (
                <li key={link.path}>
                  <NavLink ctx={ctx} to={link.path}>
                    {link.label}
                  </NavLink>
                </li>
              ))}
              <li>
                <a href={ctx.href('/api/docs')}>{t.footer.apiDocs}</a>
              </li>
            </ul>
          </div>
        </footer>
      </body>
    </html>
  );
}

function AccountNav({ ctx }: { ctx: PageContext }) {
  const { t, user } = ctx;
  return (
    <nav aria-label={t.accountNav} className="account-nav">
      {user ? (
        <>
          {(user.role === 'admin' || user.role === 'staff') && (
            <NavLink ctx={ctx} to="/admin">
              {t.nav.admin}
            </NavLink>
          )}
          <NavLink ctx={ctx} to="/compte">
            {t.nav.account}
          </NavLink>
          <form method="post" action={ctx.href('/deconnexion')} className="inline-form">
            <input type="hidden" name="_csrf" value={ctx.csrfToken()} />
            <button type="submit" className="link-button">
              {t.nav.signOut}
            </button>
          </form>
        </>
      ) : (
        <>
          <NavLink ctx={ctx} to="/connexion">
            {t.nav.signIn}
          </NavLink>
          <NavLink ctx={ctx} to="/inscription">
            {t.nav.signUp}
          </NavLink>
        </>
      )}
    </nav>
  );
}

export function DemoBadge({ ctx }: { ctx: PageContext }) {
  return (
    <span className="demo-badge" title={ctx.t.demoTitle}>
      {ctx.t.demo}
    </span>
  );
}
