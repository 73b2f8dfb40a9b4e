import { adminOnly, everyone, signedInOnly } from '../kernel/access.ts';
import type { CapabilityModule, Platform } from '../kernel/module.ts';
import { isAdmin } from '../kernel/policy.ts';
import { exportJobs } from '../privacy/export-jobs.ts';
import { privacyEn } from '../privacy/privacy.en.ts';
import { privacyFr } from '../privacy/privacy.fr.ts';
import { privacyService } from '../privacy/privacy.service.ts';
import { accountSettingsEn } from './account-settings.en.ts';
import { accountSettingsFr } from './account-settings.fr.ts';
import { accountSettingsService } from './account-settings.service.ts';
import { loadAccountsDemo } from './accounts.demo.ts';
import { accountsEn } from './accounts.en.ts';
import { accountsError } from './accounts.errors.ts';
import { accountsFr } from './accounts.fr.ts';
import { accountsRoutes } from './accounts.routes.ts';
import { accountsService } from './accounts.service.ts';
import { apiTokensService } from './api-tokens.service.ts';
import type { AccountOrganisation } from './pages/AccountPage.tsx';
import { registerSessionHook } from './session.hooks.ts';
import { throttleCleaning, throttleService } from './throttle.service.ts';
import { type OrganisationDirectory, userAdminService } from './user-admin.service.ts';

const accountsFlash = {
  signUpSent: (t) => t.signUp.sent,
  addressVerified: (t) => t.verify.done,
  addressVerifiedSignIn: (t) => t.verify.doneSignIn,
  verificationResent: (t) => t.verify.resent,
  alreadyVerified: (t) => t.verify.alreadyVerified,
  signedOut: (t) => t.signIn.signedOut,
  passwordReset: (t) => t.reset.done,
  resetSent: (t) => t.forgot.sent,
  apiTokenRevoked: (t) => t.apiTokens.revoked,
  userRoleChanged: (t) => t.userAdmin.roleChanged,
  userDisabled: (t) => t.userAdmin.accountDisabled,
  userEnabled: (t) => t.userAdmin.accountEnabled,
  userAttached: (t) => t.userAdmin.attached,
  userDetached: (t) => t.userAdmin.detached,
  userUnchanged: (t) => t.userAdmin.unchanged,
  nameSaved: (t) => t.accountSettings.nameSaved,
  newAddressLinkSent: (t) => t.accountSettings.emailLinkSent,
  newAddressConfirmed: (t) => t.accountSettings.emailChanged,
  passwordChanged: (t) => t.accountSettings.passwordChanged,
  sessionEnded: (t) => t.accountSettings.sessionEnded,
  sessionGone: (t) => t.accountSettings.sessionGone,
  organisationLeft: (t) => t.accountSettings.left,
  notMember: (t) => t.accountSettings.notMember,
  mailChoicesSaved: (t) => t.accountSettings.mailsSaved,
  accountErased: (t) => t.privacy.erased,
  archiveAsked: (t) => t.privacy.archiveAsked,
} satisfies CapabilityModule['flash'];

declare module '../web/http.ts' {
  interface FlashMessages extends Record<keyof typeof accountsFlash, true> {}
}

/**
 * Accounts: who is asking (sessions, personal API tokens), sign-in, sign-up, password reset, the
 * account page, and the back office's accounts (administrators only).
 */
export function accountsModule(
  platform: Platform,
  deps: {
    hubName: () => Promise<string>;
    /** the organisations a person speaks for or asked to join (from the directory) */
    organisationsOf: (userId: string) => Promise<AccountOrganisation[]>;
    /** finding organisations and attaching people to them (the directory's) */
    directory: OrganisationDirectory;
  },
) {
  const accounts = accountsService({
    db: platform.db,
    mailer: platform.mailer,
    publicUrl: platform.publicUrl,
    hubName: deps.hubName,
  });
  const apiTokens = apiTokensService(platform.db);
  const throttle = throttleService(platform.db);
  const userAdmin = userAdminService({ db: platform.db, directory: deps.directory });
  const exports = exportJobs({
    db: platform.db,
    publicUrl: platform.publicUrl,
    hubName: deps.hubName,
  });
  const settings = accountSettingsService({
    db: platform.db,
    publicUrl: platform.publicUrl,
    hubName: deps.hubName,
    directory: deps.directory,
  });
  return {
    name: 'accounts',
    api: {
      ...accounts,
      mailOf: settings.mailOf,
      subscribers: settings.subscribers,
      passwordMatches: settings.passwordMatches,
    },
    text: {
      fr: { ...accountsFr, ...accountSettingsFr, ...privacyFr },
      en: { ...accountsEn, ...accountSettingsEn, ...privacyEn },
    },
    flash: accountsFlash,
    errors: accountsError.table,
    admin: [
      {
        path: '/admin/utilisateurs',
        title: (t) => t.userAdmin.title,
        intro: (t) => t.userAdmin.cardIntro,
        order: 5,
        visible: isAdmin,
      },
    ],
    englishNames: {
      '/compte': '/account',
      '/compte/donnees': '/account/data',
      '/compte/supprimer': '/account/delete',
      '/compte/nouvelle-adresse': '/account/new-address',
      '/desabonnement': '/unsubscribe',
    },
    access: {
      'GET /api/v1/me': signedInOnly,
      'GET /api/v1/me/tokens': signedInOnly,
      'POST /api/v1/me/tokens': signedInOnly,
      'POST /api/v1/me/tokens/:id/revoke': signedInOnly,
      'GET /connexion': everyone,
      'POST /connexion': everyone,
      'GET /inscription': everyone,
      'POST /inscription': everyone,
      'POST /deconnexion': signedInOnly,
      'GET /mot-de-passe-oublie': everyone,
      'POST /mot-de-passe-oublie': everyone,
      'GET /reinitialiser-mot-de-passe': everyone,
      'POST /reinitialiser-mot-de-passe': everyone,
      'GET /confirmer-adresse': everyone,
      'POST /confirmer-adresse': everyone,
      'GET /compte': signedInOnly,
      'POST /compte/confirmer-adresse': signedInOnly,
      'POST /compte/jetons': signedInOnly,
      'POST /compte/jetons/:id/revoquer': signedInOnly,
      'POST /compte/nom': signedInOnly,
      'POST /compte/adresse': signedInOnly,
      'GET /compte/nouvelle-adresse': everyone,
      'POST /compte/nouvelle-adresse': everyone,
      'POST /compte/mot-de-passe': signedInOnly,
      'POST /compte/sessions/:id/fermer': signedInOnly,
      'POST /compte/organisations/:slug/quitter': signedInOnly,
      'POST /compte/courriels': signedInOnly,
      'GET /compte/donnees': signedInOnly,
      'POST /compte/donnees/archive': signedInOnly,
      'GET /compte/donnees/archive/:id': signedInOnly,
      'GET /compte/supprimer': signedInOnly,
      'POST /compte/supprimer': signedInOnly,
      'GET /desabonnement': everyone,
      'POST /desabonnement': everyone,
      'GET /admin/utilisateurs': adminOnly,
      'GET /admin/utilisateurs/:id': adminOnly,
      'POST /admin/utilisateurs/:id/role': adminOnly,
      'POST /admin/utilisateurs/:id/desactiver': adminOnly,
      'POST /admin/utilisateurs/:id/reactiver': adminOnly,
      'POST /admin/utilisateurs/:id/organisations': adminOnly,
      'POST /admin/utilisateurs/:id/organisations/retirer': adminOnly,
    },
    hooks(app) {
      registerSessionHook(app, accounts, apiTokens);
      // the mails that follow an answer: failures go to the log, and a server stops after them
      accounts.reportMailFailures((error) => app.log.error({ err: error }, 'account mail failed'));
      app.addHook('onClose', () => accounts.mailsSent());
    },
    routes(app) {
      accountsRoutes(app, {
        accounts,
        apiTokens,
        settings,
        privacy: privacyService(platform.db),
        exports,
        userAdmin,
        throttle,
        organisationsOf: deps.organisationsOf,
      });
    },
    tasks: [throttleCleaning(throttle), exports.task()],
    queues: [exports.queue],
    demo: async ({ withAccounts }) => (withAccounts ? loadAccountsDemo(platform.db) : undefined),
  } satisfies CapabilityModule & { api: unknown };
}
