import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import type { Locale } from '../web/i18n/index.ts';
import { type FieldRow, hubRepository } from './hub.repository.ts';
import { loadTerritory } from './territory.service.ts';
import { resolveTerritory } from './territory.ts';

export type HubField = { slug: string; name: string; description: string };

export function hubService(db: Kysely<DB>) {
  const repo = hubRepository(db);
  const named = (locale: Locale) => (f: FieldRow) => ({
    slug: f.slug,
    name: locale === 'fr' ? f.name_fr : f.name_en,
    description: locale === 'fr' ? f.description_fr : f.description_en,
  });
  return {
    /** the hub's fields of development, in their order, named in one language */
    async fields(locale: Locale): Promise<HubField[]> {
      return (await repo.fields()).map(named(locale));
    },

    /** the communes of the hub's territory (official geography), by INSEE code */
    async communes(): Promise<{ code: string; name: string }[]> {
      const { communes } = await loadTerritory(db);
      return [...communes].map(([code, name]) => ({ code, name }));
    },

    async summary() {
      const hub = await repo.get();
      return { name: hub?.name ?? 'Totem', demo: hub?.demo ?? false };
    },

    /** what the legal notice names, and the address the contact form writes to ('' when none) */
    async legal() {
      const hub = await repo.get();
      return {
        name: hub?.name ?? 'Totem',
        publisher: hub?.legal_publisher ?? '',
        director: hub?.legal_director ?? '',
        host: hub?.legal_host ?? '',
        contactEmail: hub?.contact_email ?? '',
      };
    },

    /** what the home page and the API show of the hub, in one language */
    async overview(locale: Locale) {
      const [hub, fields] = await Promise.all([repo.get(), repo.fields()]);
      if (!hub) throw new Error('The hub row is missing: migrations were not applied.');
      const territory = resolveTerritory(hub.territory_epci);
      return {
        name: hub.name,
        tagline: locale === 'fr' ? hub.tagline_fr : hub.tagline_en,
        labelledOn: hub.labelled_on,
        demo: hub.demo,
        fields: fields.map<HubField>(named(locale)),
        territory: territory.epcis.map((e) => ({
          code: e.code,
          name: e.name,
          communes: e.communes.length,
          population: e.population,
        })),
      };
    },
  };
}

export type HubService = ReturnType<typeof hubService>;
export type HubOverview = Awaited<ReturnType<HubService['overview']>>;
