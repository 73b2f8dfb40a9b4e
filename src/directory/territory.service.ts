import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { hubRepository } from '../hub/hub.repository.ts';
import { resolveTerritory } from '../hub/territory.ts';

export type TerritoryIndex = {
  epci: string[];
  /** INSEE commune code → name */
  communes: Map<string, string>;
};

/** The hub's territory as commune codes, resolved from its EPCI list (official geography). */
export async function loadTerritory(db: Kysely<DB>): Promise<TerritoryIndex> {
  const hub = await hubRepository(db).get();
  const epci = hub?.territory_epci ?? [];
  const { epcis } = resolveTerritory(epci);
  const communes = new Map<string, string>();
  for (const e of epcis) for (const c of e.communes) communes.set(c.code, c.name);
  return { epci, communes };
}
