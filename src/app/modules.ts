import {
  demoMemberAccount,
  demoReviewerAccount,
  demoStaffAccount,
} from '../accounts/accounts.demo.ts';
import { accountsModule } from '../accounts/accounts.module.ts';
import { throttleService } from '../accounts/throttle.service.ts';
import { adminModule } from '../admin/admin.module.ts';
import { apiDocsModule } from '../api-docs/api-docs.module.ts';
import { directoryModule } from '../directory/directory.module.ts';
import { eventsModule } from '../events/events.module.ts';
import { hubModule } from '../hub/hub.module.ts';
import { importsModule } from '../imports/imports.module.ts';
import type { CapabilityModule, Platform } from '../kernel/module.ts';
import { legalModule } from '../legal/legal.module.ts';
import { mailModule } from '../mail/mail.module.ts';
import { newsModule } from '../news/news.module.ts';
import { observatoryModule } from '../observatory/observatory.module.ts';
import { operationsModule } from '../operations/operations.module.ts';
import { programmesModule } from '../programmes/programmes.module.ts';
import { searchModule } from '../search/search.module.ts';
import { venueModule } from '../venue/venue.module.ts';
import type { HubSummary } from '../web/context.ts';

/**
 * The capabilities of this instance, in the order their demo data loads and their links show.
 * This is the one file that knows every capability: adding one is its folder and a line here
 * (with the services of others it needs).
 */
export function capabilities(platform: Platform): Capabilities {
  const hub = hubModule(platform, () => list.flatMap((m) => m.home ?? []));
  const directory = directoryModule(platform, {
    hub: hub.api,
    // accounts is built below (it lists the directory's organisations): looked up when a mail goes
    userById: (id) => accounts.api.findUser(id),
    staff: () => accounts.api.staffAccounts(),
    // programmes is built below: its labels, for a profile
    labelsOf: (id) => programmes.api.labelsOf(id),
    // events are built below: an organisation's exhibitions and events, for its profile
    showingsOf: (ctx, id) => events.api.showingsOf(ctx, id),
    // and the names of its labels, for the directory's label facet
    labelNames: () => programmes.api.labelNames(),
  });
  const accounts = accountsModule(platform, {
    hubName: async () => (await hub.api.summary()).name,
    organisationsOf: directory.api.organisationsOf,
    directory: directory.api.members,
  });
  const observatory = observatoryModule(platform, { hub: hub.api });
  const programmes = programmesModule(platform, {
    picker: directory.api.picker,
    // reminders are mails a person may turn off (accounts keep the choices)
    mailOf: accounts.api.mailOf,
    // the demo's applications: by the demo member, attached to demo organisations
    demoPeople: {
      applicant: () => demoMemberAccount(platform.db),
      attach: (organisationId, userId) => directory.api.members.attach(organisationId, userId),
      reviewer: () => demoReviewerAccount(platform.db),
    },
  });
  const venue = venueModule(platform, {
    membershipsOf: directory.api.membershipsOf,
    picker: directory.api.picker,
    demoMember: () => demoMemberAccount(platform.db),
    demoOrganisations: directory.api.demoOrganisations,
    // booking reminders are mails a person may turn off
    mailOf: accounts.api.mailOf,
  });
  // registrations are limited per client address by the account forms' counters
  const throttle = throttleService(platform.db);
  const events = eventsModule(platform, {
    bookings: venue.api.bookings,
    mailOf: accounts.api.mailOf,
    site: venue.api.site,
    picker: directory.api.picker,
    fields: (locale) => hub.api.fields(locale),
    registrationGate: (client) => throttle.enter('eventRegistration', { client }),
    demoStaff: () => demoStaffAccount(platform.db),
    demoOrganisations: directory.api.demoOrganisations,
    staff: () => accounts.api.staffAccounts(),
  });
  const list: CapabilityModule[] = [
    hub,
    accounts,
    searchModule(platform),
    directory,
    importsModule(platform, { afterImport: observatory.api.recomputeSoon }),
    newsModule(platform, {
      organisations: {
        bySlugs: directory.api.organisationsBySlugs,
        membershipsOf: directory.api.membershipsOf,
      },
      picker: directory.api.picker,
      // the weekly digest goes to those who asked for it (accounts keep the choices)
      mailOf: accounts.api.mailOf,
      subscribers: accounts.api.subscribers,
    }),
    observatory,
    programmes,
    venue,
    events,
    mailModule(platform),
    legalModule(platform, { hub: hub.api, staff: () => accounts.api.staffAccounts() }),
    apiDocsModule(),
    // the job queues of every module above, read at each scrape of /metrics
    operationsModule(platform, { queues: () => list.flatMap((m) => m.queues ?? []) }),
    adminModule(),
  ];
  return { modules: list, site: () => hub.api.summary() };
}

export type Capabilities = {
  modules: CapabilityModule[];
  /** what every page shows of the hub (its name, whether it holds demo data) */
  site: () => Promise<HubSummary>;
};
