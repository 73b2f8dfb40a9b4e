/** What the in-memory search index holds of an organisation, what it is asked, and answers. */

export type IndexDoc = {
  /** organisations.doc_no */
  doc: number;
  kind: string;
  status: string;
  band: string | null;
  min: number | null;
  max: number | null;
  /** YYYY-MM-DD */
  created: string | null;
  fields: readonly string[];
  communes: readonly string[];
  tags: readonly string[];
  /** the labels of programmes it holds (their slugs) */
  labels: readonly string[];
  lexemes: readonly string[];
  /** the best weight of each lexeme (A, B, C or D), in the order of `lexemes` */
  weights: string;
};

export type IndexFacet = 'kind' | 'field' | 'commune' | 'headcount' | 'status' | 'label';
export type IndexFacets = Record<IndexFacet, Record<string, number>>;

export type IndexSort = 'relevance' | 'headcount' | 'created' | 'name';

export type IndexQuery = {
  /** lexeme prefixes that must all match (an empty list: every organisation) */
  words: readonly string[];
  /** communes whose organisations match the words too (a place typed as the words) */
  places?: readonly string[];
  kind: readonly string[];
  status: readonly string[];
  field: readonly string[];
  commune: readonly string[];
  label: readonly string[];
  tag: readonly string[];
  headcountMin?: number | undefined;
  headcountMax?: number | undefined;
  sort: IndexSort;
  offset: number;
  limit: number;
};

export type IndexAnswer = {
  total: number;
  facets: IndexFacets;
  /** the page's documents in order */
  page: number[];
};
