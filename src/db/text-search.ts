import { type RawBuilder, sql } from 'kysely';

/*
 * Full-text search as every capability writes it: the words people type, each as a prefix, all
 * required, in PostgreSQL's French configuration with accents removed by `unaccent`, as the
 * indexed text is.
 */

/**
 * The words of a query, each to match as a prefix ("grenob" finds "Grenoble"), or null when
 * nothing searchable is left. A SIREN or a SIRET, as pasted ("552 100 554", "552 100 554 00012"),
 * is the organisation's SIREN.
 */
export function prefixTerms(q: string): string[] | null {
  const number = q.replace(/[\s.]+/g, '');
  if (/^(?:[0-9]{9}|[0-9]{14})$/.test(number)) return [number.slice(0, 9)];
  const words = q
    .normalize('NFC')
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length > 0)
    .slice(0, 8)
    .map((w) => w.toLowerCase());
  return words.length === 0 ? null : words;
}

/**
 * The text of the tsquery the words make, built in SQL: each word has its accents removed, then
 * is quoted as a lexeme before it meets the query syntax, so that no word — whatever `unaccent`
 * makes of it ("ŉ" becomes "'n", "⑴" becomes "(1)") — is read as an operator.
 */
export function tsQuerySource(terms: readonly string[]): RawBuilder<string> {
  return sql<string>`(SELECT string_agg(quote_literal(unaccent(t.word)) || ':*', ' & ' ORDER BY t.n)
    FROM unnest(${[...terms]}::text[]) WITH ORDINALITY AS t(word, n))`;
}

/** the tsquery of the words typed, or null when none is searchable */
export function prefixTsQuery(q: string): RawBuilder<unknown> | null {
  const terms = prefixTerms(q);
  return terms === null ? null : sql`to_tsquery('french', ${tsQuerySource(terms)})`;
}
