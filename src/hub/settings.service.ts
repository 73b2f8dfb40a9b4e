import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { DB } from '../db/schema.ts';
import type { Locale } from '../kernel/locale.ts';
import { hubRepository } from './hub.repository.ts';
import { hubService } from './hub.service.ts';
import { type LegalSettings, settingsRepository } from './settings.repository.ts';
import {
  epciList,
  formatFieldLines,
  formatSectorLines,
  parseFieldLines,
  parseSectorLines,
} from './settings.schema.ts';
import { resolveTerritory } from './territory.ts';

/** the legal notice's fields of the form, and the columns they are kept in */
const LEGAL = {
  publisher: { column: 'legal_publisher', max: 2000 },
  director: { column: 'legal_director', max: 200 },
  host: { column: 'legal_host', max: 2000 },
  contactEmail: { column: 'contact_email', max: 254 },
} as const satisfies Record<string, { column: keyof LegalSettings; max: number }>;
type LegalField = keyof typeof LEGAL;

/** the settings form's fields, as typed; a legal field left out of a post keeps its value */
export type SettingsValues = { epci: string; sectors: string; fields: string } & Partial<
  Record<LegalField, string>
>;

const emailShape = z.email();

/**
 * What is wrong with a settings form, field by field, as keys the page turns into words (with
 * the lines or codes to correct).
 */
export type SettingsProblems = Partial<{
  fields: { invalid: string[] } | { dropped: string[] };
  epci: 'empty' | { unknown: string[] };
  sectors: 'empty' | { invalid: string[] };
}> &
  Partial<Record<LegalField, 'tooLong' | 'emailInvalid'>>;

/**
 * The hub's settings (staff): its territory (EPCI codes of the official geography), its fields
 * of development, and the activity codes the register keeps, each with the fields it belongs to.
 */
export function settingsService(db: Kysely<DB>) {
  const settings = settingsRepository(db);
  const hubRepo = hubRepository(db);
  const hub = hubService(db);

  return {
    /** the form as saved (or as typed, when `typed` is given), with what it describes */
    async form(locale: Locale, typed?: Partial<SettingsValues>) {
      const [row, sectors, fields, fieldRows] = await Promise.all([
        hubRepo.get(),
        settings.sectorCodes(),
        hub.fields(locale),
        hubRepo.fields(),
      ]);
      const epci = typed?.epci ?? (row?.territory_epci ?? []).join(', ');
      const territory = resolveTerritory(epciList.parse(epci)).epcis.map((e) => ({
        code: e.code,
        name: e.name,
        communes: e.communes.length,
      }));
      const values: Required<SettingsValues> = {
        epci,
        sectors: typed?.sectors ?? formatSectorLines(sectors),
        fields: typed?.fields ?? formatFieldLines(fieldRows),
        publisher: typed?.publisher ?? row?.legal_publisher ?? '',
        director: typed?.director ?? row?.legal_director ?? '',
        host: typed?.host ?? row?.legal_host ?? '',
        contactEmail: typed?.contactEmail ?? row?.contact_email ?? '',
      };
      return {
        values,
        territory,
        fields: fields.map((f) => ({ slug: f.slug, name: f.name })),
      };
    },

    /**
     * Saves the settings, or says what is wrong with them (nothing saved then). A field of
     * development may not disappear from the list: organisations and objectives refer to it.
     */
    async save(values: SettingsValues): Promise<SettingsProblems | null> {
      const problems: SettingsProblems = {};
      const existing = new Set((await hubRepo.fields()).map((f) => f.slug));
      const parsedFields = parseFieldLines(values.fields);
      const kept = new Set(parsedFields.fields.map((f) => f.slug));
      const dropped = [...existing].filter((slug) => !kept.has(slug));
      if (parsedFields.problems.length > 0) problems.fields = { invalid: parsedFields.problems };
      else if (dropped.length > 0) problems.fields = { dropped };
      const epci = epciList.parse(values.epci);
      const { unknown } = resolveTerritory(epci);
      if (epci.length === 0) problems.epci = 'empty';
      else if (unknown.length > 0) problems.epci = { unknown };
      const sectors = parseSectorLines(values.sectors, kept);
      if (sectors.problems.length > 0) problems.sectors = { invalid: sectors.problems };
      else if (sectors.sectors.length === 0) problems.sectors = 'empty';
      const legal: Partial<LegalSettings> = {};
      for (const [name, rule] of Object.entries(LEGAL) as [
        LegalField,
        (typeof LEGAL)[LegalField],
      ][]) {
        const value = values[name]?.trim();
        if (value === undefined) continue;
        if (value.length > rule.max) problems[name] = 'tooLong';
        else if (name === 'contactEmail' && value !== '' && !emailShape.safeParse(value).success)
          problems[name] = 'emailInvalid';
        else legal[rule.column] = value;
      }
      if (Object.keys(problems).length > 0) return problems;
      await settings.save({ epci, sectors: sectors.sectors, fields: parsedFields.fields, legal });
      return null;
    },
  };
}

export type SettingsService = ReturnType<typeof settingsService>;
