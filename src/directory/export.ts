import { type CsvValue, csvStream } from '../kernel/csv.ts';
import type { OrganisationItem } from './directory.schema.ts';

const COLUMNS = [
  'id',
  'slug',
  'siren',
  'name',
  'kind',
  'status',
  'fields',
  'tags',
  'commune_codes',
  'commune_names',
  'headcount_band',
  'headcount_min',
  'headcount_max',
  'headcount_year',
  'headcount_source',
  'created_on',
  'restricted',
  'demo',
  'url',
  'activity_code',
  'activity_label',
] as const;

export function csvRow(o: OrganisationItem, publicUrl: string): CsvValue[] {
  return [
    o.id,
    o.slug,
    o.siren,
    o.name,
    o.kind,
    o.status,
    o.fields.join('|'),
    o.tags.join('|'),
    o.communes.map((c) => c.code).join('|'),
    o.communes.map((c) => c.name).join('|'),
    o.headcount.band,
    o.headcount.min,
    o.headcount.max,
    o.headcount.year,
    o.headcount.source,
    o.created_on,
    o.restricted,
    o.demo,
    `${publicUrl}${o.url}`,
    o.activity?.code ?? null,
    o.activity?.label ?? null,
  ];
}

/** the CSV export, one chunk per batch of rows */
export function csvChunks(
  batches: AsyncIterable<OrganisationItem[]>,
  publicUrl: string,
): AsyncGenerator<string> {
  return csvStream(COLUMNS, batches, (o) => csvRow(o, publicUrl));
}

/**
 * The JSON export: an array, streamed. A file leaves the site, so its `url` is the profile's full
 * address, as in the CSV, where a search answer gives the path.
 */
export async function* jsonChunks(
  batches: AsyncIterable<OrganisationItem[]>,
  publicUrl: string,
): AsyncGenerator<string> {
  // the opening bracket goes with the first batch, so that a failure there is answered before
  // a byte is sent (see kernel/download.ts)
  let first = true;
  for await (const batch of batches) {
    if (batch.length === 0) continue;
    const items = batch.map((o) => JSON.stringify({ ...o, url: `${publicUrl}${o.url}` }));
    yield (first ? '[\n' : ',\n') + items.join(',\n');
    first = false;
  }
  yield first ? '[\n]\n' : '\n]\n';
}
