import { z } from 'zod';

/** "200040715, 200018166" → the EPCI codes (SIREN of each intercommunality) */
export const epciList = z
  .string()
  .transform((v) => [...new Set(v.split(/[\s,;]+/).filter(Boolean))]);

/**
 * One sector code a line, with the hub's fields it maps to:
 *   62.01Z
 *   26.60Z: sante-numerique, objets-connectes
 */
export function parseSectorLines(text: string, knownFields: Set<string>) {
  const sectors: { code: string; fields: string[] }[] = [];
  const problems: string[] = [];
  const seen = new Set<string>();
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const [codePart = '', fieldsPart = ''] = line.split(':');
    const code = codePart
      .trim()
      .toUpperCase()
      .replace(/^(\d{2})(\d{2})([A-Z])$/, '$1.$2$3');
    if (!/^\d{2}\.\d{2}[A-Z]$/.test(code)) {
      problems.push(`${index + 1}: ${line}`);
      return;
    }
    const fields = fieldsPart
      .split(',')
      .map((f) => f.trim())
      .filter(Boolean);
    const unknown = fields.filter((f) => !knownFields.has(f));
    if (unknown.length > 0) {
      problems.push(`${index + 1}: ${unknown.join(', ')}`);
      return;
    }
    if (seen.has(code)) return;
    seen.add(code);
    sectors.push({ code, fields });
  });
  return { sectors, problems };
}

export function formatSectorLines(rows: { code: string; field_slugs: string[] }[]): string {
  return rows
    .map((r) => (r.field_slugs.length ? `${r.code}: ${r.field_slugs.join(', ')}` : r.code))
    .join('\n');
}

/**
 * The hub's fields, one a line: "slug | French name | English name". A field is renamed by
 * keeping its slug; a new slug adds a field. Fields are not removed here: organisations are
 * tagged with them.
 */
export function parseFieldLines(text: string) {
  const fields: { slug: string; name_fr: string; name_en: string }[] = [];
  const problems: string[] = [];
  const seen = new Set<string>();
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const [slug = '', fr = '', en = ''] = line.split('|').map((p) => p.trim());
    if (
      !/^[a-z0-9]+(-[a-z0-9]+)*$/.test(slug) ||
      slug.length > 60 ||
      !fr ||
      !en ||
      fr.length > 120 ||
      en.length > 120 ||
      seen.has(slug)
    ) {
      problems.push(`${index + 1}: ${line.slice(0, 80)}`);
      return;
    }
    seen.add(slug);
    fields.push({ slug, name_fr: fr, name_en: en });
  });
  return { fields, problems };
}

export function formatFieldLines(
  rows: { slug: string; name_fr: string; name_en: string }[],
): string {
  return rows.map((r) => `${r.slug} | ${r.name_fr} | ${r.name_en}`).join('\n');
}
