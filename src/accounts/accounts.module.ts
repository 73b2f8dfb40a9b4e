import { everyone, signedInOnly } from '../kernel/access.ts';
import type { CapabilityModule, Platform } from '../kernel/module.ts';
import { loadAccountsDemo } from './accounts.demo.ts';
import { accountsEn } from './accounts.en.ts';
import { accountsFr } from './accounts.fr.ts';
import { accountsRoutes } from './accounts.routes.ts';
import { accountsService } from './accounts.service.ts';
import type { AccountOrganisation } from './pages/AccountPage.tsx';
import { registerSessionHook } from './session.hooks.ts';

const accountsFlash = {
  signedUp: (t) => t.signUp.welcome,
  signedOut: (t) => t.signIn.signedOut,
  passwordReset: (t) => t.reset.done,
  resetSent: (t) => t.forgot.sent,
} satisfies CapabilityModule['flash'];

declare module '../web/http.ts' {
  interface FlashMessages extends Record<keyof typeof accountsFlash, true> {}
}

/** Accounts: who is asking (sessions), sign-in, sign-up, password reset, the account page. */
export function accountsModule(
  platform: Platform,
  deps: {
    hubName: () => Promise<string>;
    /** the organisations a person speaks for or asked to join (from the directory) */
    organisationsOf: (userId: string) => Promise<AccountOrganisation[]>;
  },
) {
  const accounts = accountsService({
    db: platform.db,
    mailer: platform.mailer,
    publicUrl: platform.publicUrl,
    hubName: deps.hubName,
  });
  return {
    name: 'accounts',
    api: accounts,
    text: { fr: accountsFr, en: accountsEn },
    flash: accountsFlash,
    access: {
      'GET /api/v1/me': signedInOnly,
      'GET /connexion': everyone,
      'POST /connexion': everyone,
      'GET /inscription': everyone,
      'POST /inscription': everyone,
      'POST /deconnexion': signedInOnly,
      'GET /mot-de-passe-oublie': everyone,
      'POST /mot-de-passe-oublie': everyone,
      'GET /reinitialiser-mot-de-passe': everyone,
      'POST /reinitialiser-mot-de-passe': everyone,
      'GET /compte': signedInOnly,
    },
    hooks(app) {
      registerSessionHook(app, accounts);
    },
    routes(app) {
      accountsRoutes(app, accounts, deps.organisationsOf);
    },
    demo: async ({ withAccounts }) => (withAccounts ? loadAccountsDemo(platform.db) : undefined),
  } satisfies CapabilityModule & { api: unknown };
}
