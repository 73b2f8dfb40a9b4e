/**
 * The sample's model of the register: legal units and their establishments, drawn from a
 * random stream per unit, and the monthly changes replayed on them. Dates are day numbers since
 * 1970-01-01 (UTC) until they are written.
 */

import { luhnCheckDigit } from '../identifiers.ts';
import {
  EMPLOYING_BANDS,
  GIVEN_NAMES,
  ICT_ACTIVITIES,
  LEGAL_CATEGORIES,
  mix32,
  NAF_REV1_ACTIVITIES,
  NAME_ENDINGS,
  NAME_STEMS,
  OTHER_ACTIVITIES,
  type Rng,
  SECONDARY_BANDS,
  STREET_NAMES,
  STREET_TYPES,
  SURNAMES,
  UNIT_BANDS,
  Weighted,
} from './data.ts';
import { GRENOBLE_BOX, OVERSEAS, type Place } from './places.ts';

/** The first stock the generator can write: published 1 April 2026, register as of 31 March. */
export const SAMPLE_BASE_MONTH = '2026-04';

export const DAY_MS = 86_400_000;
/** Formatted dates are cached by day: a million rows draw from only ~20 000 distinct days. */
const dateCache: string[] = [];
export function isoDate(day: number): string {
  let text = dateCache[day];
  if (text === undefined) {
    text = new Date(day * DAY_MS).toISOString().slice(0, 10);
    dateCache[day] = text;
  }
  return text;
}

const two = (n: number) => (n < 10 ? `0${n}` : String(n));

/** YYYY-MM-DDTHH:MM:SS, as in dateDernierTraitement… (no zone: INSEE gives Paris local time). */
export function isoTimestamp(day: number, second: number): string {
  const h = Math.floor(second / 3600);
  const m = Math.floor(second / 60) % 60;
  return `${isoDate(day)}T${two(h)}:${two(m)}:${two(second % 60)}`;
}

export const monthIndex = (month: string) =>
  Number(month.slice(0, 4)) * 12 + Number(month.slice(5)) - 1;
export const firstDay = (index: number) => Date.UTC(Math.floor(index / 12), index % 12, 1) / DAY_MS;

export const BASE_INDEX = monthIndex(SAMPLE_BASE_MONTH);
/** Last day the base stock describes: creations are drawn up to it. */
const CUTOFF = firstDay(BASE_INDEX) - 1;
export const BAND_YEAR = '2023';
/** SIREN numbering: base = (offset + unit × step) mod 10⁸, a bijection as step is prime to 10⁸. */
const SIREN_STEP = 7_654_321;

export interface Unit {
  siren: string;
  partial: boolean;
  created: number;
  category: string;
  soleTrader: boolean;
  name: string;
  acronym: string;
  usualName: string;
  lastName: string;
  firstName: string;
  sex: 'M' | 'F';
  band: string;
  bandYear: string;
  active: boolean;
  since: number;
  activity: string;
  nomenclature: string;
  periods: number;
  processed: string;
  planned: number;
}

export interface Establishment {
  nic: string;
  siret: string;
  created: number;
  band: string;
  bandYear: string;
  headOffice: boolean;
  active: boolean;
  since: number;
  place: Place;
  postcode: string;
  x: string;
  y: string;
  number: string;
  streetType: string;
  street: string;
  complement: string;
  sign: string;
  activity: string;
  nomenclature: string;
  periods: number;
  processed: string;
}

export const employing = (band: string) => band !== '' && band !== 'NN';
const between = (rng: Rng, from: number, to: number) => from + rng.int(Math.max(0, to - from) + 1);

function companyName(rng: Rng): string {
  const base = `${rng.pick(NAME_STEMS)}${rng.chance(0.5) ? ' ' : ''}${rng.pick(NAME_ENDINGS)}`;
  // a few names carry the characters a CSV writer must quote: commas and quotes
  if (rng.chance(0.01)) return `SOCIETE "${base}", ${rng.pick(NAME_STEMS)}`;
  if (rng.chance(0.02)) return `${base}, ${rng.pick(NAME_ENDINGS)} ET ASSOCIES`;
  return base;
}

function shiftBand(rng: Rng, band: string): string {
  if (!employing(band)) return rng.chance(0.4) ? '01' : band;
  const i = EMPLOYING_BANDS.indexOf(band) + (rng.chance(0.5) ? 1 : -1);
  return EMPLOYING_BANDS[Math.min(Math.max(i, 0), EMPLOYING_BANDS.length - 1)] as string;
}

function timestampBetween(rng: Rng, from: number, to: number): string {
  return isoTimestamp(between(rng, from, to), rng.int(86_400));
}

export function buildUnit(rng: Rng, seed: number, index: number): Unit {
  const base = (mix32(seed) + index * SIREN_STEP) % 100_000_000;
  const payload = String(base).padStart(8, '0');
  const category = LEGAL_CATEGORIES.pick(rng);
  const soleTrader = category === '1000';
  const created = Math.floor(CUTOFF * rng.next() ** 0.6);
  const active = !rng.chance(0.15);
  const since = active ? created : between(rng, Math.min(created + 1, CUTOFF), CUTOFF);
  const band = active ? UNIT_BANDS.pick(rng) : rng.pick(['', 'NN']);
  const ict = rng.chance(0.7);
  const oldCode = !active && created < 13880 && rng.chance(0.5); // 13880: 2008-01-01
  const sex = rng.chance(0.5) ? 'M' : 'F';
  const big = EMPLOYING_BANDS.indexOf(band);
  let planned = 1;
  if (big >= 9) planned = 3 + rng.int(25);
  else if (big >= 5) planned = 1 + rng.int(4);
  else if (!soleTrader && rng.chance(0.15)) planned = 2 + rng.int(2);
  const name = soleTrader ? '' : companyName(rng);
  return {
    siren: payload + luhnCheckDigit(payload),
    partial: soleTrader && rng.chance(0.3),
    created,
    category,
    soleTrader,
    name,
    acronym: !soleTrader && rng.chance(0.15) ? name.replace(/[^A-Z]/g, '').slice(0, 4) : '',
    usualName: rng.chance(0.08) ? companyName(rng) : '',
    lastName: soleTrader ? rng.pick(SURNAMES) : '',
    firstName: soleTrader ? rng.pick(GIVEN_NAMES[sex]) : '',
    sex,
    band,
    bandYear: employing(band) ? BAND_YEAR : '',
    active,
    since,
    activity: oldCode
      ? rng.pick(NAF_REV1_ACTIVITIES)
      : (ict ? ICT_ACTIVITIES : OTHER_ACTIVITIES).pick(rng),
    nomenclature: oldCode ? 'NAFRev1' : 'NAFRev2',
    periods: 1 + rng.int(5),
    processed: timestampBetween(rng, Math.max(since, CUTOFF - 4000), CUTOFF),
    planned,
  };
}

const PLACES = new Weighted<'territory' | 'elsewhere' | 'overseas'>([
  ['territory', 78],
  ['elsewhere', 20],
  ['overseas', 2],
]);

function position(rng: Rng, place: Place, mainland: boolean): [string, string] {
  // sum of two uniforms: denser near the commune's centre
  let x = place.x + (rng.next() + rng.next() - 1) * place.spread;
  let y = place.y + (rng.next() + rng.next() - 1) * place.spread;
  if (mainland && place.code.startsWith('38')) {
    x = Math.min(Math.max(x, GRENOBLE_BOX.minX), GRENOBLE_BOX.maxX);
    y = Math.min(Math.max(y, GRENOBLE_BOX.minY), GRENOBLE_BOX.maxY);
  }
  return [x.toFixed(1), y.toFixed(1)];
}

/** Weighted place tables, built once per run. */
export interface Geography {
  territory: Weighted<Place>;
  elsewhere: Weighted<Place>;
}

export function buildEstablishment(
  rng: Rng,
  unit: Unit,
  seq: number,
  geo: Geography,
): Establishment {
  const payload = unit.siren + String(seq).padStart(4, '0');
  const nic = payload.slice(9) + luhnCheckDigit(payload);
  const headOffice = seq === 1;
  const where = PLACES.pick(rng);
  const place =
    where === 'territory'
      ? geo.territory.pick(rng)
      : where === 'elsewhere'
        ? geo.elsewhere.pick(rng)
        : OVERSEAS;
  // a secondary establishment opens while its unit lives: before the cessation, if any
  const created = headOffice
    ? unit.created
    : between(rng, unit.created, unit.active ? CUTOFF : unit.since);
  let active = unit.active;
  let since = unit.active ? created : unit.since;
  if (unit.active && !headOffice && rng.chance(0.2)) {
    active = false;
    since = between(rng, created, CUTOFF);
  }
  let band = rng.pick(['', 'NN']);
  if (active) band = headOffice ? unit.band : SECONDARY_BANDS.pick(rng);
  if (active && headOffice && employing(band) && rng.chance(0.3)) band = shiftBand(rng, band);
  const oldCode = !active && created < 13880 && rng.chance(0.3);
  const [x, y] = rng.chance(0.03) ? ['', ''] : position(rng, place, where !== 'overseas');
  return {
    nic,
    siret: unit.siren + nic,
    created,
    band,
    bandYear: employing(band) ? BAND_YEAR : '',
    headOffice,
    active,
    since,
    place,
    postcode: place.postcodes.length > 0 ? rng.pick(place.postcodes) : '',
    x,
    y,
    number: rng.chance(0.1) ? '' : String(1 + rng.int(180)),
    streetType: STREET_TYPES.pick(rng),
    street: rng.pick(STREET_NAMES),
    complement: rng.chance(0.08) ? `BATIMENT ${'ABCDE'[rng.int(5)]}` : '',
    sign: rng.chance(unit.soleTrader ? 0.3 : 0.1) ? companyName(rng) : '',
    activity: oldCode
      ? rng.pick(NAF_REV1_ACTIVITIES)
      : headOffice || rng.chance(0.8)
        ? unit.activity
        : ICT_ACTIVITIES.pick(rng),
    nomenclature: oldCode ? 'NAFRev1' : headOffice ? unit.nomenclature : 'NAFRev2',
    periods: 1 + rng.int(4),
    processed: timestampBetween(rng, Math.max(since, CUTOFF - 3000), CUTOFF),
  };
}

/**
 * Replays the month that ends with publication `k` (1 = the month after the base stock): a few
 * units cease, a few secondary establishments close, some headcount bands move one step.
 */
export function applyMonth(rng: Rng, unit: Unit, ests: Establishment[], k: number): void {
  const start = firstDay(BASE_INDEX + k - 1);
  const day = start + rng.int(firstDay(BASE_INDEX + k) - start);
  const stamp = isoTimestamp(day, rng.int(86_400));
  const touch = (e: Unit | Establishment) => {
    e.periods++;
    e.processed = stamp;
  };
  if (unit.active && rng.chance(0.004)) {
    unit.active = false;
    unit.since = day;
    touch(unit);
    for (const e of ests) {
      if (!e.active) continue;
      e.active = false;
      e.since = day;
      touch(e);
    }
    return;
  }
  if (unit.active && rng.chance(0.04)) {
    unit.band = shiftBand(rng, unit.band);
    unit.bandYear = employing(unit.band) ? String(Number(BAND_YEAR) + 1) : '';
    touch(unit);
  }
  for (const e of ests) {
    if (!e.active) continue;
    if (!e.headOffice && rng.chance(0.01)) {
      e.active = false;
      e.since = day;
      touch(e);
    } else if (rng.chance(0.06)) {
      e.band = shiftBand(rng, e.band);
      e.bandYear = employing(e.band) ? String(Number(BAND_YEAR) + 1) : '';
      touch(e);
    }
  }
}
