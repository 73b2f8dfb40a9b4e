/**
 * The directory's search index, held in the server's memory: what a search needs of every
 * organisation not merged into another (its facet values, its headcount bounds, its creation
 * date and the lexemes of its search text with their weights), in typed arrays.
 *
 * It answers a search in one pass over the matching organisations: the words select the
 * organisations whose lexemes start with each of them (the lexemes come from PostgreSQL's own
 * `search` column and the words from its own `to_tsquery`, so both sides are normalised by the
 * same French configuration), every facet is counted under the other filters, and the page is
 * the best entries of the requested order. It holds no SQL: the index service feeds it.
 *
 * An organisation lives in a slot. A change gives it a new slot and leaves the old one dead
 * (postings are append-only); the service rebuilds the whole index when too many slots are dead.
 */

import type { IndexAnswer, IndexDoc, IndexFacets, IndexQuery, IndexSort } from './index-types.ts';
import { Lexicon } from './lexicon.ts';
import { SlotValues } from './slot-values.ts';
import { topEntries } from './top-entries.ts';
import { counted, Dictionary, grow, Postings } from './typed-lists.ts';

export type {
  IndexAnswer,
  IndexDoc,
  IndexFacet,
  IndexFacets,
  IndexQuery,
  IndexSort,
} from './index-types.ts';

const WEIGHT_CODE: Record<string, number> = { A: 3, B: 2, C: 1, D: 0 };
/** ts_rank's default weights of D, C, B and A; a word that is a whole lexeme counts fully */
const WEIGHT_OF_CODE = [0.1, 0.2, 0.4, 1];
const PREFIX_ONLY = 0.8;
const NO_DATE = -2_147_483_648;
const DAY_MS = 86_400_000;

const daysOf = (date: string | null) =>
  date === null ? NO_DATE : Math.floor(Date.parse(`${date}T00:00:00Z`) / DAY_MS);

export class MemoryIndex {
  private slots = 0;
  private deadSlots = 0;
  private kind = new Uint8Array(0);
  private status = new Uint8Array(0);
  private band = new Uint16Array(0);
  private min = new Int32Array(0);
  private max = new Int32Array(0);
  private created = new Int32Array(0);
  private alive = new Uint8Array(0);
  private slotDoc = new Int32Array(0);
  /** the place in the database's name order (lower(name), id); Infinity while unknown */
  private nameRank = new Float64Array(0);
  /** each slot's fields, communes, tags and labels */
  private readonly values = new SlotValues();
  private docSlot = new Int32Array(0);

  private readonly kinds = new Dictionary();
  private readonly statuses = new Dictionary();
  private readonly bands = new Dictionary();
  private readonly fields = new Dictionary();
  private readonly communes = new Dictionary();
  private readonly tags = new Dictionary();
  private readonly labels = new Dictionary();
  private readonly lexicon = new Lexicon();
  /** the slots holding each value of a facet, by the value's id (a filter's candidates) */
  private readonly holders = {
    kind: [] as Postings[],
    status: [] as Postings[],
    field: [] as Postings[],
    commune: [] as Postings[],
    label: [] as Postings[],
  };

  // scratch space of one search (searches run one at a time: JavaScript is single-threaded)
  private stamp = new Int32Array(0);
  private score = new Float32Array(0);
  private best = new Float32Array(0);
  private generation = 0;
  /**
   * the candidates of one search, kept from one search to the next: a new array of hundreds of
   * thousands of slots per search would make the collector run through the whole heap often
   */
  private candidateSlots = new Int32Array(1024);

  /** organisations indexed */
  get size(): number {
    return this.slots - this.deadSlots;
  }

  /** the share of slots left behind by changes */
  get deadShare(): number {
    return this.slots === 0 ? 0 : this.deadSlots / this.slots;
  }

  /** adds an organisation, or replaces what the index knew of it */
  put(d: IndexDoc): void {
    this.remove(d.doc);
    const s = this.slots++;
    const n = this.slots;
    this.kind = grow(this.kind, n);
    this.status = grow(this.status, n);
    this.band = grow(this.band, n);
    this.min = grow(this.min, n);
    this.max = grow(this.max, n);
    this.created = grow(this.created, n);
    this.alive = grow(this.alive, n);
    this.slotDoc = grow(this.slotDoc, n);
    this.nameRank = grow(this.nameRank, n);
    this.kind[s] = this.kinds.id(d.kind);
    this.status[s] = this.statuses.id(d.status);
    this.band[s] = this.bands.id(d.band ?? 'unknown');
    this.min[s] = d.min ?? -1;
    this.max[s] = d.max ?? -1;
    this.created[s] = daysOf(d.created);
    this.alive[s] = 1;
    this.slotDoc[s] = d.doc;
    this.nameRank[s] = Number.POSITIVE_INFINITY;
    const fields = d.fields.map((f) => this.fields.id(f));
    const communes = d.communes.map((c) => this.communes.id(c));
    const labels = d.labels.map((l) => this.labels.id(l));
    this.values.put(
      s,
      fields,
      communes,
      d.tags.map((t) => this.tags.id(t)),
      labels,
    );
    const hold = (list: Postings[], id: number) => {
      list[id] ??= new Postings();
      list[id].push(s, 0);
    };
    hold(this.holders.kind, this.kind[s] as number);
    hold(this.holders.status, this.status[s] as number);
    for (const f of fields) hold(this.holders.field, f);
    for (const c of communes) hold(this.holders.commune, c);
    for (const l of labels) hold(this.holders.label, l);
    d.lexemes.forEach((lexeme, i) => {
      this.lexicon.add(lexeme, s, WEIGHT_CODE[d.weights[i] ?? 'D'] ?? 0);
    });
    this.docSlot = grow(this.docSlot, d.doc + 1, -1);
    this.docSlot[d.doc] = s;
  }

  /**
   * Places the lexemes that arrived since the last call among the others (a search does it
   * first; a builder calls it after each batch, to spread the work).
   */
  settle(): void {
    this.lexicon.settle();
  }

  /** an organisation's place in the name order (undefined: not indexed, or not known) */
  rankOf(doc: number): number | undefined {
    const s = doc < this.docSlot.length ? (this.docSlot[doc] ?? -1) : -1;
    if (s < 0) return undefined;
    const rank = this.nameRank[s] as number;
    return Number.isFinite(rank) ? rank : undefined;
  }

  /** sets an organisation's place in the name order (ignored when it is not indexed) */
  setRank(doc: number, rank: number): void {
    const s = doc < this.docSlot.length ? (this.docSlot[doc] ?? -1) : -1;
    if (s >= 0) this.nameRank[s] = rank;
  }

  /** forgets an organisation (merged into another, or gone) */
  remove(doc: number): void {
    if (doc >= this.docSlot.length) return;
    const s = this.docSlot[doc] ?? -1;
    if (s < 0) return;
    this.alive[s] = 0;
    this.docSlot[doc] = -1;
    this.values.forget(s);
    this.deadSlots++;
  }

  private scratch(): number {
    if (this.stamp.length < this.slots) {
      this.stamp = new Int32Array(this.slots + 1024);
      this.score = new Float32Array(this.slots + 1024);
      this.best = new Float32Array(this.slots + 1024);
      this.generation = 0;
    }
    // two stamps per word at most: restart well before the counter could overflow
    if (this.generation > 2_000_000_000) {
      this.stamp.fill(0);
      this.generation = 0;
    }
    return this.generation;
  }

  /** the live slots that match every word, each with its score in `this.score` */
  private textMatches(words: readonly string[]): Int32Array {
    this.scratch();
    const { alive, stamp, best, score } = this;
    let candidates: Int32Array | null = null;
    for (const word of words) {
      const generation = ++this.generation;
      // the first word's matches are the candidates; the next words only stamp theirs
      const first = candidates === null;
      let found = 0;
      const { slots, weights, start, length } = this.lexicon.postings;
      for (const id of this.lexicon.startingWith(word)) {
        const whole = this.lexicon.lexeme(id) === word ? 1 : PREFIX_ONLY;
        const from = start[id] as number;
        const to = from + (length[id] as number);
        for (let i = from; i < to; i++) {
          const s = slots[i] as number;
          if (alive[s] === 0) continue;
          const w = (WEIGHT_OF_CODE[weights[i] as number] as number) * whole;
          if (stamp[s] !== generation) {
            stamp[s] = generation;
            best[s] = w;
            if (first) {
              if (found === this.candidateSlots.length) {
                this.candidateSlots = grow(this.candidateSlots, found * 2);
              }
              this.candidateSlots[found++] = s;
            }
          } else if (w > (best[s] as number)) {
            best[s] = w;
          }
        }
      }
      if (candidates === null) {
        candidates = this.candidateSlots.subarray(0, found);
        for (let i = 0; i < found; i++) {
          const s = candidates[i] as number;
          score[s] = best[s] as number;
        }
      } else {
        let kept = 0;
        for (let i = 0; i < candidates.length; i++) {
          const s = candidates[i] as number;
          if (stamp[s] === generation) {
            score[s] = (score[s] as number) + (best[s] as number);
            candidates[kept++] = s;
          }
        }
        candidates = candidates.subarray(0, kept);
      }
      if (candidates.length === 0) break;
    }
    return candidates ?? new Int32Array(0);
  }

  /** the text's matches, then the live slots in one of `places` (communes), scored 0 as ts_rank */
  private withPlaces(matches: Int32Array, places: readonly string[]): Int32Array {
    const lists = places.flatMap((code) => {
      const id = this.communes.find(code);
      return id === undefined ? [] : (this.holders.commune[id] ?? []);
    });
    if (lists.length === 0) return matches;
    const generation = ++this.generation;
    const { alive, stamp, score } = this;
    for (const s of matches) stamp[s] = generation;
    const out = new Int32Array(matches.length + lists.reduce((n, l) => n + l.length, 0));
    out.set(matches);
    let n = matches.length;
    for (const list of lists) {
      const slots = list.slots;
      for (let i = 0; i < list.length; i++) {
        const s = slots[i] as number;
        if (alive[s] === 0 || stamp[s] === generation) continue;
        stamp[s] = generation;
        score[s] = 0;
        out[n++] = s;
      }
    }
    return out.subarray(0, n);
  }

  /**
   * Without words: an organisation that counts anywhere fails at most one filter, so it meets at
   * least one of any two filters. The live slots that meet one of the two narrowest filters
   * (kind, status, field, commune or label) are the candidates; null with fewer than two such
   * filters.
   */
  private filterCandidates(q: IndexQuery): Int32Array | null {
    const narrowing = (
      [
        [this.holders.kind, this.kinds, q.kind],
        [this.holders.status, this.statuses, q.status],
        [this.holders.field, this.fields, q.field],
        [this.holders.commune, this.communes, q.commune],
        [this.holders.label, this.labels, q.label],
      ] as const
    )
      .filter(([, , asked]) => asked.length > 0)
      .map(([holders, dictionary, asked]) => {
        const lists = asked.flatMap((v) => {
          const id = dictionary.find(v);
          return id === undefined ? [] : (holders[id] ?? []);
        });
        return { lists, size: lists.reduce((n, l) => n + l.length, 0) };
      })
      .sort((a, b) => a.size - b.size);
    if (narrowing.length < 2) return null;
    this.scratch();
    const generation = ++this.generation;
    const { alive, stamp } = this;
    let out = this.candidateSlots;
    let n = 0;
    for (const { lists } of narrowing.slice(0, 2)) {
      for (const list of lists) {
        const slots = list.slots;
        for (let i = 0; i < list.length; i++) {
          const s = slots[i] as number;
          if (alive[s] === 0 || stamp[s] === generation) continue;
          stamp[s] = generation;
          if (n === out.length) {
            out = grow(out, n * 2);
            this.candidateSlots = out;
          }
          out[n++] = s;
        }
      }
    }
    return out.subarray(0, n);
  }

  private allLive(): Int32Array {
    this.candidateSlots = grow(this.candidateSlots, this.size);
    const out = this.candidateSlots;
    const alive = this.alive;
    let n = 0;
    for (let s = 0; s < this.slots; s++) if (alive[s] === 1) out[n++] = s;
    return out.subarray(0, n);
  }

  /** whether slot `s` holds every tag (an unknown tag: undefined, held by none) */
  private hasTags(s: number, tagIds: readonly (number | undefined)[]): boolean {
    const values = this.values;
    const tagStart = (values.start[s] as number) + values.fieldsOf(s) + values.communesOf(s);
    const nt = values.tagsOf(s);
    for (const t of tagIds) {
      if (t === undefined) return false;
      let found = false;
      for (let i = 0; i < nt && !found; i++) found = values.pool[tagStart + i] === t;
      if (!found) return false;
    }
    return true;
  }

  /** whether one of the `n` values of the pool from `from` is in `mask` */
  private static anyIn(pool: Uint32Array, from: number, n: number, mask: Uint8Array): boolean {
    for (let i = from; i < from + n; i++) if (mask[pool[i] as number] === 1) return true;
    return false;
  }

  /** counts once each of the `n` values of the pool from `from` */
  private static countEach(pool: Uint32Array, from: number, n: number, counts: Int32Array): void {
    for (let i = from; i < from + n; i++) {
      const v = pool[i] as number;
      counts[v] = (counts[v] as number) + 1;
    }
  }

  /** a mask over a dictionary: 1 for each asked value it knows */
  private static mask(dictionary: Dictionary, asked: readonly string[]): Uint8Array {
    const mask = new Uint8Array(dictionary.size);
    for (const value of asked) {
      const id = dictionary.find(value);
      if (id !== undefined) mask[id] = 1;
    }
    return mask;
  }

  search(q: IndexQuery): IndexAnswer {
    const candidates =
      q.words.length > 0
        ? this.withPlaces(this.textMatches(q.words), q.places ?? [])
        : (this.filterCandidates(q) ?? this.allLive());
    const kindMask = MemoryIndex.mask(this.kinds, q.kind);
    const statusMask = MemoryIndex.mask(this.statuses, q.status);
    const fieldMask = MemoryIndex.mask(this.fields, q.field);
    const communeMask = MemoryIndex.mask(this.communes, q.commune);
    const labelMask = MemoryIndex.mask(this.labels, q.label);
    const tagIds = q.tag.map((t) => this.tags.find(t));
    const kindCounts = new Int32Array(this.kinds.size);
    const statusCounts = new Int32Array(this.statuses.size);
    const bandCounts = new Int32Array(this.bands.size);
    const fieldCounts = new Int32Array(this.fields.size);
    const communeCounts = new Int32Array(this.communes.size);
    const labelCounts = new Int32Array(this.labels.size);
    const hasKind = q.kind.length > 0;
    const hasStatus = q.status.length > 0;
    const hasField = q.field.length > 0;
    const hasCommune = q.commune.length > 0;
    const hasLabel = q.label.length > 0;
    const { headcountMin: hMin, headcountMax: hMax } = q;
    const hasHeadcount = hMin !== undefined || hMax !== undefined;
    // the matches overwrite the candidates already read (never more of them than read so far)
    const matched = candidates;
    let total = 0;
    // failing filter codes
    const KIND = 1;
    const STATUS = 2;
    const FIELD = 3;
    const COMMUNE = 4;
    const HEADCOUNT = 5;
    const LABEL = 6;

    const { kind, status, band, min, max, values } = this;
    const { pool, start: poolStart } = values;
    for (let c = 0; c < candidates.length; c++) {
      const s = candidates[c] as number;
      const start = poolStart[s] as number;
      const nf = values.fieldsOf(s);
      const nc = values.communesOf(s);
      // the labels follow the fields, communes and tags
      const labelStart = start + nf + nc + values.tagsOf(s);
      const nl = values.labelsOf(s);
      if (tagIds.length > 0 && !this.hasTags(s, tagIds)) continue;
      let fails = 0;
      let failing = 0;
      const k = kind[s] as number;
      const st = status[s] as number;
      if (hasKind && kindMask[k] !== 1) {
        fails++;
        failing = KIND;
      }
      if (hasStatus && statusMask[st] !== 1) {
        if (++fails > 1) continue;
        failing = STATUS;
      }
      if (hasHeadcount) {
        const lo = min[s] as number;
        const hi = max[s] as number;
        // a band matches when its range meets the asked range (band 10–19 matches "at least 15")
        const ok =
          lo >= 0 &&
          (hMin === undefined || hi < 0 || hi >= hMin) &&
          (hMax === undefined || lo <= hMax);
        if (!ok) {
          if (++fails > 1) continue;
          failing = HEADCOUNT;
        }
      }
      if (hasField && !MemoryIndex.anyIn(pool, start, nf, fieldMask)) {
        if (++fails > 1) continue;
        failing = FIELD;
      }
      if (hasCommune && !MemoryIndex.anyIn(pool, start + nf, nc, communeMask)) {
        if (++fails > 1) continue;
        failing = COMMUNE;
      }
      if (hasLabel && !MemoryIndex.anyIn(pool, labelStart, nl, labelMask)) {
        if (++fails > 1) continue;
        failing = LABEL;
      }
      const all = fails === 0;
      if (all) matched[total++] = s;
      if (all || failing === KIND) kindCounts[k] = (kindCounts[k] as number) + 1;
      if (all || failing === STATUS) statusCounts[st] = (statusCounts[st] as number) + 1;
      if (all || failing === HEADCOUNT) {
        const b = band[s] as number;
        bandCounts[b] = (bandCounts[b] as number) + 1;
      }
      if (all || failing === FIELD) MemoryIndex.countEach(pool, start, nf, fieldCounts);
      if (all || failing === COMMUNE) MemoryIndex.countEach(pool, start + nf, nc, communeCounts);
      if (all || failing === LABEL) MemoryIndex.countEach(pool, labelStart, nl, labelCounts);
    }

    const facets: IndexFacets = {
      kind: counted(this.kinds, kindCounts),
      status: counted(this.statuses, statusCounts),
      headcount: counted(this.bands, bandCounts),
      field: counted(this.fields, fieldCounts),
      commune: counted(this.communes, communeCounts),
      label: counted(this.labels, labelCounts),
    };
    const page = this.pageOf(matched.subarray(0, total), q.sort, q.offset, q.limit);
    return { total, facets, page: page.map((s) => this.slotDoc[s] ?? 0) };
  }

  /** the entries offset … offset + limit of `slots` in the asked order (ties: document order) */
  private pageOf(slots: Int32Array, sort: IndexSort, offset: number, limit: number): number[] {
    const doc = this.slotDoc;
    let key: Float64Array | Int32Array | Float32Array;
    let descending = true;
    if (sort === 'relevance') key = this.score;
    else if (sort === 'headcount') key = this.min;
    else if (sort === 'created') key = this.created;
    else {
      key = this.nameRank;
      descending = false;
    }
    // nulls (-1 headcounts, no date) sort last: they are the smallest keys of a descending order
    const before = (a: number, b: number) => {
      const ka = key[a] ?? 0;
      const kb = key[b] ?? 0;
      if (ka !== kb) return descending ? ka > kb : ka < kb;
      return (doc[a] ?? 0) < (doc[b] ?? 0);
    };
    return topEntries(slots, before, offset, limit);
  }
}
