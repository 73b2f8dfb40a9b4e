import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { hubRepository } from './hub.repository.ts';
import { resolveTerritory } from './territory.ts';

export type TerritoryIndex = {
  epci: string[];
  /** INSEE commune code → name */
  communes: Map<string, string>;
};

const resolved = new Map<string, TerritoryIndex>();

/**
 * The hub's territory as commune codes, resolved from its EPCI list (official geography). The
 * list is read at each call, so a change made by staff shows in every process; resolving it is
 * cached per list.
 */
export async function loadTerritory(db: Kysely<DB>): Promise<TerritoryIndex> {
  const hub = await hubRepository(db).get();
  const epci = hub?.territory_epci ?? [];
  const key = epci.join(',');
  const cached = resolved.get(key);
  if (cached) return cached;
  const { epcis } = resolveTerritory(epci);
  const communes = new Map<string, string>();
  for (const e of epcis) for (const c of e.communes) communes.set(c.code, c.name);
  const index = { epci, communes };
  resolved.set(key, index);
  return index;
}
