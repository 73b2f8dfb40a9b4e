import type { FastifyInstance } from 'fastify';
import type { ExportJobs } from '../privacy/export-jobs.ts';
import type { PrivacyService } from '../privacy/privacy.service.ts';
import { accountRoutes } from './account.routes.ts';
import type { AccountSettingsService } from './account-settings.service.ts';
import type { AccountsService } from './accounts.service.ts';
import { addressRoutes } from './address.routes.ts';
import { accountsApiRoutes } from './api.routes.ts';
import type { ApiTokensService } from './api-tokens.service.ts';
import type { AccountOrganisation } from './pages/AccountPage.tsx';
import { passwordRoutes } from './password.routes.ts';
import { privacyRoutes } from './privacy.routes.ts';
import { signInRoutes } from './sign-in.routes.ts';
import type { ThrottleService } from './throttle.service.ts';
import { userAdminRoutes } from './user-admin.routes.ts';
import type { UserAdminService } from './user-admin.service.ts';

export type AccountsRoutesDeps = {
  accounts: AccountsService;
  apiTokens: ApiTokensService;
  settings: AccountSettingsService;
  privacy: PrivacyService;
  exports: ExportJobs;
  userAdmin: UserAdminService;
  throttle: ThrottleService;
  /** the organisations a person speaks for or asked to join (from the directory) */
  organisationsOf: (userId: string) => Promise<AccountOrganisation[]>;
};

/** Every route of accounts, by concern. */
export function accountsRoutes(app: FastifyInstance, deps: AccountsRoutesDeps) {
  signInRoutes(app, deps.accounts, deps.throttle);
  passwordRoutes(app, deps.accounts, deps.throttle);
  addressRoutes(app, deps.accounts, deps.throttle);
  accountRoutes(app, {
    apiTokens: deps.apiTokens,
    settings: deps.settings,
    throttle: deps.throttle,
    organisationsOf: deps.organisationsOf,
  });
  privacyRoutes(app, deps.privacy, deps.exports, deps.settings);
  accountsApiRoutes(app, deps.apiTokens);
  userAdminRoutes(app, deps.userAdmin);
}
