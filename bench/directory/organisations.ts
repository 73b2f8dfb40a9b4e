/**
 * Loads N synthetic organisations straight into `organisations` with INSERT … SELECT FROM
 * generate_series, in chunks. Names come from word lists with skewed (Zipf-like) picks, so that a
 * prefix matches the share of rows it would in a real directory: the hub's city is the most
 * common place word, a few stems and trades are common, most are rare. The search vector is
 * computed by the table's own trigger, as in production.
 */
import { type Kysely, type RawBuilder, sql } from 'kysely';
import type { DB } from '../../src/db/schema.ts';
import { KINDS } from '../../src/directory/directory.schema.ts';
import { territoryPlaces } from '../../src/sirene/sample/places.ts';

const STEMS = [
  'Alpes',
  'Dauphiné',
  'Isère',
  'Belledonne',
  'Vercors',
  'Chartreuse',
  'Néo',
  'Quanta',
  'Silica',
  'Opti',
  'Nano',
  'Data',
  'Cloud',
  'Cyber',
  'Micro',
  'Robo',
  'Géo',
  'Hydro',
  'Pixel',
  'Logi',
  'Sigma',
  'Delta',
  'Orbit',
  'Cristal',
  'Énergie',
  'Santé',
  'Bio',
  'Photon',
  'Ion',
  'Spin',
  'Atome',
  'Qubit',
  'Lumen',
  'Vector',
  'Nova',
  'Axone',
  'Kinésis',
  'Hélio',
  'Terra',
  'Aqua',
  'Ondes',
  'Signal',
  'Capteur',
  'Azur',
  'Sémaphore',
  'Altitude',
  'Sommet',
  'Glacier',
  'Granit',
  'Cime',
  'Torrent',
  'Isard',
  'Chamois',
  'Edelweiss',
  'Myrtille',
  'Noyer',
  'Bastille',
  'Drac',
  'Synapse',
  'Fractal',
];
const ENDINGS = [
  'Tech',
  'Soft',
  'Systèmes',
  'Logiciel',
  'Conseil',
  'Informatique',
  'Numérique',
  'Labs',
  'Digital',
  'Électronique',
  'Services',
  'Ingénierie',
  'Réseaux',
  'Solutions',
  'Innovation',
  'Technologies',
  'Industries',
  'Studio',
  'Consulting',
  'Analytics',
  'Robotique',
  'Medical',
  'Énergies',
  'Capital',
  'Partners',
  'Développement',
  'Instruments',
  'Semiconductors',
  'Photonics',
  'Design',
];
const TRADES = [
  'Boulangerie',
  'Plomberie',
  'Menuiserie',
  'Garage',
  'Pharmacie',
  'Cabinet',
  'Transports',
  'Restaurant',
  'Boucherie',
  'Coiffure',
  'Électricité',
  'Maçonnerie',
  'Fromagerie',
  'Librairie',
  'Immobilier',
  'Agence',
  'Atelier',
  'Ambulances',
  'Taxi',
  'Auto-école',
  'Fleuriste',
  'Optique',
  'Hôtel',
  'Camping',
  'Chauffage',
  'Peinture',
  'Carrelage',
  'Charpente',
  'Couverture',
  'Paysagiste',
  'Nettoyage',
  'Sécurité',
  'Traiteur',
  'Pâtisserie',
  'Épicerie',
  'Cave',
  'Vins',
  'Cordonnerie',
  'Bijouterie',
  'Ferronnerie',
];
const SURNAMES = [
  'Martin',
  'Bernard',
  'Dubois',
  'Thomas',
  'Robert',
  'Richard',
  'Petit',
  'Durand',
  'Leroy',
  'Moreau',
  'Simon',
  'Laurent',
  'Lefebvre',
  'Michel',
  'Garcia',
  'David',
  'Bertrand',
  'Roux',
  'Vincent',
  'Fournier',
  'Morel',
  'Girard',
  'André',
  'Lefèvre',
  'Mercier',
  'Dupont',
  'Lambert',
  'Bonnet',
  'François',
  'Martinez',
  'Blanc',
  'Guérin',
  'Muller',
  'Henry',
  'Roussel',
  'Nicolas',
  'Perrin',
  'Morin',
  'Mathieu',
  'Clément',
  'Gauthier',
  'Dumont',
  'Lopez',
  'Fontaine',
  'Chevalier',
  'Robin',
  'Masson',
  'Sanchez',
  'Gérard',
  'Nguyen',
  'Boyer',
  'Denis',
  'Lemaire',
  'Duval',
  'Joly',
  'Gautier',
  'Roger',
  'Roche',
  'Roy',
  'Noël',
  'Meyer',
  'Lucas',
  'Meunier',
  'Jean',
  'Perez',
  'Marchand',
  'Dufour',
  'Blanchard',
  'Marie',
  'Barbier',
  'Brun',
  'Dumas',
  'Brunet',
  'Schmitt',
  'Leroux',
  'Colin',
  'Fernandez',
  'Pierre',
  'Renard',
  'Arnaud',
  'Rolland',
  'Caron',
  'Aubert',
  'Giraud',
  'Leclerc',
  'Vidal',
  'Bourgeois',
  'Renaud',
  'Lemoine',
  'Picard',
  'Gaillard',
  'Philippe',
  'Lacroix',
  'Fabre',
  'Dupuis',
  'Olivier',
  'Rodriguez',
  'Da Silva',
  'Hubert',
  'Rivière',
  'Le Gall',
  'Guillaume',
  'Adam',
  'Rey',
  'Moulin',
  'Berger',
  'Lecomte',
  'Ménard',
  'Fleury',
  'Deschamps',
  'Carpentier',
  'Julien',
  'Benoît',
  'Maillard',
  'Aubry',
  'Jacquet',
  'Collet',
  'Prévost',
  'Poirier',
  'Charpentier',
  'Royer',
  'Huet',
  'Baron',
  'Dupuy',
  'Pons',
  'Breton',
  'Rémy',
  'Schneider',
  'Perrot',
  'Guyot',
  'Marty',
  'Cousin',
];
/** place words of names: the hub's city first, so it is the most common */
const PLACES = [
  'Grenoble',
  'Alpes',
  'Isère',
  'Meylan',
  'Dauphiné',
  'Échirolles',
  'Grésivaudan',
  'Crolles',
  'Saint-Martin-d’Hères',
  'Montbonnot',
  'Vercors',
  'Chartreuse',
  'Belledonne',
  'Fontaine',
  'Seyssinet',
  'Sassenage',
  'Eybens',
  'Vizille',
  'Pontcharra',
  'Le Touvet',
  'Domène',
  'Drac',
  'Oisans',
  'Trièves',
  'Voreppe',
];
const ASSOCIATIONS = ['Association', 'Club', 'Collectif', 'Union', 'Amicale', 'Comité', 'Maison'];
const TOPICS = [
  'des Entrepreneurs',
  'Numérique',
  'Sportif',
  'des Commerçants',
  'Culturel',
  'des Parents',
  'de Quartier',
  'Solidaire',
  'des Makers',
  'Robotique',
  'Astronomie',
  'Randonnée',
];
const DESCRIPTIONS = [
  'Entreprise spécialisée en',
  'Société de',
  'Bureau d’études en',
  'Start-up de',
  'Prestataire de',
  'Acteur régional de',
  'Laboratoire de',
  'PME familiale de',
];
const TAGS = [
  'ia',
  'iot',
  'b2b',
  'saas',
  'deeptech',
  'medtech',
  'greentech',
  'hardware',
  'edtech',
  'fintech',
];

/** a list where each value appears as often as its weight: a uniform pick is then weighted */
function weighted(pairs: [string, number][]): string[] {
  return pairs.flatMap(([value, weight]) => Array<string>(weight).fill(value));
}
const KIND_POOL = weighted([
  ['sme', 38],
  ['startup', 12],
  ['other', 17],
  ['association', 12],
  ['large_group', 3],
  ['local_authority', 4],
  ['higher_education_research', 2],
  ['accelerator', 2],
  ['investor', 3],
  ['cluster', 3],
  ['coworking', 4],
]);
const STATUS_POOL = weighted([
  ['active', 85],
  ['closed', 12],
  ['exited', 3],
]);
/** '' is an unknown band */
const BAND_POOL = weighted([
  ['', 40],
  ['00', 12],
  ['01', 14],
  ['02', 10],
  ['03', 8],
  ['11', 6],
  ['12', 5],
  ['21', 2],
  ['22', 1],
  ['31', 1],
  ['32', 1],
  ['41', 1],
  ['42', 1],
]);

/** Commune codes of the territory, weighted by population (about 1 000 entries). */
function communePool(): string[] {
  const places = territoryPlaces();
  const total = places.reduce((n, p) => n + p.weight, 0);
  return places.flatMap((p) =>
    Array<string>(Math.max(1, Math.round((1000 * p.weight) / total))).fill(p.code),
  );
}

if (KIND_POOL.some((k) => !(KINDS as readonly string[]).includes(k))) throw new Error('kind');

/** `arr[1 + floor(r^skew · n)]`: skew 1 is uniform, higher favours the first entries */
function pick(list: readonly string[], r: string, skew = 1): RawBuilder<string> {
  const draw = skew === 1 ? sql.raw(r) : sql`power(${sql.raw(r)}, ${skew})`;
  return sql<string>`(${sql.val([...list])}::text[])[1 + floor(${draw} * ${list.length})::int]`;
}

function insertChunk(from: number, to: number, communes: string[]) {
  const randoms = Array.from({ length: 28 }, (_, i) => sql.raw(`random() AS r${i + 1}`));
  const name = sql<string>`CASE
      WHEN r1 < 0.45 THEN ${pick(STEMS, 'r2', 1.6)} || CASE WHEN r3 < 0.5 THEN ' ' ELSE '' END
        || ${pick(ENDINGS, 'r4', 1.4)}
        || CASE WHEN r5 < 0.15 THEN ' ' || ${pick(PLACES, 'r6', 1.5)} ELSE '' END
      WHEN r1 < 0.75 THEN ${pick(TRADES, 'r2', 1.3)} || ' ' || ${pick(SURNAMES, 'r4', 1.5)}
      WHEN r1 < 0.90 THEN ${pick(TRADES, 'r2', 1.3)} || ' ' || ${pick(PLACES, 'r6', 1.5)}
      ELSE ${pick(ASSOCIATIONS, 'r2', 1.5)} || ' ' || ${pick(TOPICS, 'r4', 1.3)} || ' '
        || ${pick(PLACES, 'r6', 1.5)}
    END`;
  return sql`
    INSERT INTO organisations (slug, name, acronym, kind, status, siren, description_fr, field_slugs,
      tags, created_on, headcount_band, headcount_min, headcount_max, headcount_year,
      headcount_source, communes, head_office_in_territory)
    SELECT 'org-' || g.i, g.name, g.acronym, g.kind, g.status, lpad(g.i::text, 9, '0'),
      g.description, g.fields, g.tags, g.created_on, b.code, b.min_staff, b.max_staff,
      CASE WHEN b.code IS NULL THEN NULL ELSE 2024 END,
      CASE WHEN b.code IS NULL THEN NULL ELSE 'register' END,
      g.communes, g.r22 < 0.8
    FROM (
      SELECT i, r22,
        ${name} AS name,
        CASE WHEN r7 < 0.12 THEN upper(left(unaccent(${pick(STEMS, 'r8')}), 2)
          || left(unaccent(${pick(ENDINGS, 'r9')}), 2)) END AS acronym,
        ${pick(KIND_POOL, 'r10')} AS kind,
        ${pick(STATUS_POOL, 'r11')} AS status,
        CASE WHEN r12 < 0.3 THEN ${pick(DESCRIPTIONS, 'r13')} || ' '
          || lower(${pick(ENDINGS, 'r14', 1.4)})
          || CASE WHEN r28 < 0.4 THEN ' à ' || ${pick(PLACES, 'r15', 1.5)} ELSE '' END || '.'
          ELSE '' END AS description,
        array_remove(ARRAY[
          CASE WHEN r16 < 0.18 THEN 'objets-connectes' END,
          CASE WHEN r17 < 0.10 THEN 'connaissance-clients' END,
          CASE WHEN r17 > 0.95 THEN 'energie-numerique' END,
          CASE WHEN r16 > 0.95 THEN 'sante-numerique' END]::text[], NULL) AS fields,
        array_remove(ARRAY[
          CASE WHEN r18 < 0.2 THEN ${pick(TAGS, 'r19')} END,
          CASE WHEN r18 < 0.06 THEN ${pick(TAGS, 'r20')} END]::text[], NULL) AS tags,
        DATE '2026-03-31' - floor(power(r21, 1.8) * 15000)::int AS created_on,
        nullif(${pick(BAND_POOL, 'r23')}, '') AS band,
        ARRAY(SELECT DISTINCT c FROM unnest(ARRAY[
          ${pick(communes, 'r24')},
          CASE WHEN r25 < 0.15 THEN ${pick(communes, 'r26')} END,
          CASE WHEN r25 < 0.03 THEN ${pick(communes, 'r27')} END]::text[]) AS c
          WHERE c IS NOT NULL ORDER BY c) AS communes
      FROM (
        SELECT i, ${sql.join(randoms)}
        FROM generate_series(${from}::int, ${to}::int) AS i
        OFFSET 0
      ) AS s
    ) AS g
    LEFT JOIN headcount_bands b ON b.code = g.band`;
}

/**
 * Inserts `count` organisations in chunks (on one connection, seeded, so both engines get the
 * same rows), then VACUUM ANALYZE. Calls `progress` after each chunk.
 */
export async function loadOrganisations(
  db: Kysely<DB>,
  count: number,
  progress: (done: number) => void,
  chunk = 50_000,
): Promise<void> {
  const communes = communePool();
  await db.connection().execute(async (conn) => {
    await sql`SELECT setseed(0.4242)`.execute(conn);
    for (let from = 1; from <= count; from += chunk) {
      const to = Math.min(count, from + chunk - 1);
      await insertChunk(from, to, communes).execute(conn);
      progress(to);
    }
    await sql`VACUUM ANALYZE organisations`.execute(conn);
  });
}
