import { describe, expect, it } from 'vitest';
import {
  actionOf,
  applyAction,
  checkBuilder,
  type DraftField,
  draftsOf,
  emptyDraft,
  MAX_ECHO,
  postedOf,
  readDrafts,
} from './form-builder.ts';
import type { FormField } from './forms/definition.ts';

/** the fields as the page posts them */
const posted = (drafts: Partial<DraftField>[]) =>
  postedOf(drafts.map((d) => ({ ...emptyDraft(d.type), ...d })));

const STORED: FormField[] = [
  { key: 'project', type: 'text', label: { fr: 'Projet', en: 'Project' }, required: true },
  {
    key: 'stage',
    type: 'choice',
    label: { fr: 'Stade', en: 'Stage' },
    required: false,
    options: [
      { value: 'idea', label: { fr: 'Idée', en: 'Idea' } },
      { value: 'mvp', label: { fr: 'MVP', en: 'MVP' } },
    ],
  },
  {
    key: 'incubated',
    type: 'yes_no',
    label: { fr: 'Incubé ?', en: 'Incubated?' },
    required: false,
  },
  {
    key: 'incubator',
    type: 'text',
    label: { fr: 'Incubateur', en: 'Incubateur' },
    required: true,
    max_length: 200,
    show_if: { field: 'incubated', equals: true },
  },
  {
    key: 'founders',
    type: 'group',
    label: { fr: 'Fondateurs', en: 'Founders' },
    required: false,
    max: 5,
    fields: [{ key: 'name', type: 'text', label: { fr: 'Nom', en: 'Name' }, required: true }],
  },
];

describe('the form builder’s posted fields', () => {
  it('round-trips a stored form through the page unchanged', () => {
    const drafts = draftsOf(STORED);
    expect(drafts[1]?.options).toBe('idea|Idée|Idea\nmvp|MVP');
    expect(drafts[3]?.show_if_value).toBe('true');
    const body = postedOf(drafts);
    expect(readDrafts(body)).toEqual(drafts);
    const outcome = checkBuilder(body);
    expect(outcome).toEqual({ ok: true, fields: STORED });
  });

  it('reads a condition on a yes/no field in words, and options given by value only', () => {
    const outcome = checkBuilder(
      posted([
        { key: 'ok', type: 'yes_no', label_fr: 'D’accord ?' },
        {
          key: 'why',
          type: 'choice',
          label_fr: 'Pourquoi',
          options: 'a\nb|Bé\n\n',
          show_if_field: 'ok',
          show_if_value: 'oui',
        },
      ]),
    );
    expect(outcome.ok).toBe(true);
    if (!outcome.ok) return;
    expect(outcome.fields[1]?.show_if).toEqual({ field: 'ok', equals: true });
    expect(outcome.fields[1]?.options).toEqual([
      { value: 'a', label: { fr: 'a', en: 'a' } },
      { value: 'b', label: { fr: 'Bé', en: 'Bé' } },
    ]);
  });

  it('files each problem under its input, keeping what was typed', () => {
    const outcome = checkBuilder(
      posted([
        { key: 'same', type: 'text', label_fr: 'Un' },
        { key: 'same', type: 'choice', label_fr: '' },
        { key: 'Pas Une Clé', type: 'number', label_fr: 'N', min: '10', max: '2' },
        { key: 'later', type: 'text', label_fr: 'L', show_if_field: 'nowhere', show_if_value: 'x' },
        { key: 'g', type: 'group', label_fr: 'Groupe' },
      ]),
    );
    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    expect(outcome.drafts[2]?.key).toBe('Pas Une Clé');
    expect(outcome.problems.f1_label_fr).toEqual({ code: 'label_required' });
    expect(outcome.problems.f2_key).toEqual({ code: 'key_format' });
    expect(outcome.problems.f4_fields).toEqual({ code: 'group_needs_fields' });
    // the structure's rules are checked once every field is well formed
    const structure = checkBuilder(
      posted([
        { key: 'same', type: 'text', label_fr: 'Un' },
        { key: 'same', type: 'choice', label_fr: 'Deux' },
        { key: 'n', type: 'number', label_fr: 'N', min: '10', max: '2' },
        { key: 'later', type: 'text', label_fr: 'L', show_if_field: 'nowhere', show_if_value: 'x' },
      ]),
    );
    if (structure.ok) throw new Error('accepted');
    expect(structure.problems).toEqual({
      f1_key: { code: 'key_duplicate' },
      f1_options: { code: 'needs_options' },
      f2_min: { code: 'min_above_max' },
      f3_show_if_field: { code: 'show_if_unknown' },
    });
  });

  it('refuses an empty form and a number that is not one', () => {
    const empty = checkBuilder({ count: '0' });
    expect(empty.ok ? null : empty.problems).toEqual({ _form: { code: 'no_fields' } });
    const word = checkBuilder(posted([{ key: 'n', type: 'number', label_fr: 'N', min: 'dix' }]));
    expect(word.ok ? null : word.problems.f0_min).toEqual({ code: 'not_number' });
  });

  it('survives hostile input: huge texts, absurd counts, strange names, nested values', () => {
    const huge = 'x'.repeat(5 * 1024 * 1024);
    const outcome = checkBuilder({
      ...posted([{ key: 'a', type: 'text', label_fr: huge }]),
      f0_type: 'group<script>',
      f0_count: '99999',
      count: '1e9',
      'f0_label_en[]': ['a', 'b'],
      __proto__: 'x',
      f0_options: { nested: true },
    });
    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    // count "1e9" is not a count: nothing is read rather than a billion fields
    expect(outcome.drafts).toEqual([]);
    const big = checkBuilder({ ...posted([{ key: 'a', type: 'text', label_fr: huge }]) });
    if (big.ok) throw new Error('accepted');
    expect(big.drafts[0]?.label_fr.length).toBe(MAX_ECHO);
    expect(big.problems.f0_label_fr).toEqual({ code: 'label_too_long', n: 500 });
    const many = readDrafts({ count: '9999' });
    expect(many.length).toBe(151);
    expect(checkBuilder({ count: '9999' }).ok).toBe(false);
    expect(readDrafts(null)).toEqual([]);
    expect(readDrafts('count=3')).toEqual([]);
    const badType = checkBuilder(posted([{ key: 'a', type: 'script', label_fr: 'A' }]));
    expect(badType.ok ? null : badType.problems.f0_type).toEqual({ code: 'type_unknown' });
  });
});

describe('the form builder’s buttons', () => {
  const three = [
    { ...emptyDraft(), key: 'a' },
    {
      ...emptyDraft(),
      key: 'b',
      type: 'group',
      fields: [emptyDraft(), { ...emptyDraft(), key: 'y' }],
    },
    { ...emptyDraft(), key: 'c' },
  ];

  it('reads which button was pressed, save by default', () => {
    expect(actionOf({})).toEqual({ kind: 'save' });
    expect(actionOf({ action: 'add', new_type: 'choice' })).toEqual({
      kind: 'add',
      type: 'choice',
    });
    expect(actionOf({ action: 'up:2' })).toEqual({ kind: 'up', at: 2 });
    expect(actionOf({ action: 'remove:1.0' })).toEqual({ kind: 'remove', at: 1, sub: 0 });
    expect(actionOf({ action: 'add_sub:1' })).toEqual({ kind: 'add_sub', at: 1 });
    expect(actionOf({ action: 'drop table' })).toEqual({ kind: 'save' });
    expect(actionOf({ action: ['up:1', 'down:1'] })).toEqual({ kind: 'save' });
  });

  it('adds, removes and moves fields and sub-fields, ignoring what is out of range', () => {
    const keys = (d: DraftField[]) => d.map((x) => x.key);
    expect(keys(applyAction(three, { kind: 'up', at: 2 }))).toEqual(['a', 'c', 'b']);
    expect(keys(applyAction(three, { kind: 'down', at: 0 }))).toEqual(['b', 'a', 'c']);
    expect(keys(applyAction(three, { kind: 'up', at: 0 }))).toEqual(['a', 'b', 'c']);
    expect(keys(applyAction(three, { kind: 'down', at: 9 }))).toEqual(['a', 'b', 'c']);
    expect(keys(applyAction(three, { kind: 'remove', at: 1 }))).toEqual(['a', 'c']);
    const added = applyAction(three, { kind: 'add', type: 'date' });
    expect(added.at(-1)?.type).toBe('date');
    expect(applyAction(three, { kind: 'add', type: 'nonsense' }).at(-1)?.type).toBe('text');
    const subUp = applyAction(three, { kind: 'up', at: 1, sub: 1 });
    expect(subUp[1]?.fields.map((f) => f.key)).toEqual(['y', '']);
    const subGone = applyAction(three, { kind: 'remove', at: 1, sub: 0 });
    expect(subGone[1]?.fields.map((f) => f.key)).toEqual(['y']);
    expect(applyAction(three, { kind: 'add_sub', at: 1 })[1]?.fields.length).toBe(3);
    // the list given is not changed
    expect(keys(three)).toEqual(['a', 'b', 'c']);
  });
});
