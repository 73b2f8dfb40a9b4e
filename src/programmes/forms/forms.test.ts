import { describe, expect, it } from 'vitest';
import { programmesEn } from '../programmes.en.ts';
import { programmesFr } from '../programmes.fr.ts';
import { type FormField, formDefinition } from './definition.ts';
import { answerMessages } from './messages.ts';
import { validateAnswers } from './validate.ts';

const form: FormField[] = formDefinition.parse([
  {
    key: 'project',
    type: 'text',
    label: { fr: 'Projet', en: 'Project' },
    required: true,
    max_length: 80,
  },
  { key: 'summary', type: 'long_text', label: 'Résumé', min_length: 10 },
  { key: 'staff', type: 'number', label: 'Salariés', min: 0, max: 250 },
  { key: 'founded', type: 'date', label: 'Création' },
  {
    key: 'stage',
    type: 'choice',
    label: 'Stade',
    required: true,
    options: [
      { value: 'idea', label: 'Idée' },
      { value: 'revenue', label: 'Chiffre d’affaires' },
    ],
  },
  {
    key: 'revenue',
    type: 'number',
    label: 'CA',
    required: true,
    show_if: { field: 'stage', equals: 'revenue' },
  },
  {
    key: 'fields',
    type: 'multiple_choice',
    label: 'Domaines',
    max: 2,
    options: [
      { value: 'iot', label: 'Objets' },
      { value: 'health', label: 'Santé' },
      { value: 'energy', label: 'Énergie' },
    ],
  },
  { key: 'incubated', type: 'yes_no', label: 'Incubé ?' },
  {
    key: 'incubator',
    type: 'text',
    label: 'Incubateur',
    required: true,
    show_if: { field: 'incubated', equals: true },
  },
  { key: 'contact', type: 'email', label: 'Contact' },
  { key: 'site', type: 'url', label: 'Site' },
  { key: 'siret', type: 'siret', label: 'SIRET' },
  { key: 'deck', type: 'file', label: 'Présentation' },
  {
    key: 'founders',
    type: 'group',
    label: 'Fondateurs',
    required: true,
    max: 3,
    fields: [
      { key: 'name', type: 'text', label: 'Nom', required: true },
      {
        key: 'role',
        type: 'choice',
        label: 'Rôle',
        options: [
          { value: 'ceo', label: 'CEO' },
          { value: 'cto', label: 'CTO' },
        ],
      },
      {
        key: 'cto_since',
        type: 'date',
        label: 'Depuis',
        required: true,
        show_if: { field: 'role', equals: 'cto' },
      },
    ],
  },
]);

const complete = {
  project: 'Capteurs',
  stage: 'idea',
  founders: [{ name: 'Léa', role: 'ceo' }],
};

const codes = (answers: unknown, mode: 'draft' | 'submit' = 'submit') =>
  Object.fromEntries(validateAnswers(form, answers, mode).issues.map((i) => [i.field, i.code]));

describe('a form definition', () => {
  it('gives labels in both languages, and required false unless said', () => {
    expect(form[0]?.label).toEqual({ fr: 'Projet', en: 'Project' });
    expect(form[1]?.label).toEqual({ fr: 'Résumé', en: 'Résumé' });
    expect(form[1]?.required).toBe(false);
  });

  it.each([
    ['an unknown type', [{ key: 'a', type: 'colour', label: 'A' }]],
    ['a key with capitals', [{ key: 'Name', type: 'text', label: 'A' }]],
    [
      'two fields with one key',
      [
        { key: 'a', type: 'text', label: 'A' },
        { key: 'a', type: 'date', label: 'B' },
      ],
    ],
    ['a choice without options', [{ key: 'a', type: 'choice', label: 'A' }]],
    [
      'options repeating a value',
      [
        {
          key: 'a',
          type: 'choice',
          label: 'A',
          options: [
            { value: 'x', label: 'X' },
            { value: 'x', label: 'Y' },
          ],
        },
      ],
    ],
    ['a length on a number', [{ key: 'a', type: 'number', label: 'A', max_length: 3 }]],
    ['min above max', [{ key: 'a', type: 'number', label: 'A', min: 5, max: 1 }]],
    [
      'a condition on a later field',
      [
        { key: 'a', type: 'text', label: 'A', show_if: { field: 'b', equals: 'x' } },
        { key: 'b', type: 'text', label: 'B' },
      ],
    ],
    [
      'a group in a group',
      [
        {
          key: 'g',
          type: 'group',
          label: 'G',
          fields: [{ key: 'h', type: 'group', label: 'H', fields: [] }],
        },
      ],
    ],
    ['a group without fields', [{ key: 'g', type: 'group', label: 'G' }]],
    ['an empty form', []],
    ['an attribute it does not know', [{ key: 'a', type: 'text', label: 'A', colour: 'red' }]],
    ['a label of 10 000 characters', [{ key: 'a', type: 'text', label: 'x'.repeat(10_000) }]],
  ])('refuses %s', (_name, definition) => {
    expect(formDefinition.safeParse(definition).success).toBe(false);
  });
});

describe('answers checked against a form version', () => {
  it('accepts a complete set, normalised', () => {
    const result = validateAnswers(
      form,
      {
        ...complete,
        staff: '12',
        incubated: 'yes',
        incubator: 'Le Totem',
        siret: '732 829 320 00074',
        fields: ['iot', 'iot'],
      },
      'submit',
    );
    expect(result.issues).toEqual([]);
    expect(result.answers).toMatchObject({
      staff: 12,
      incubated: true,
      siret: '73282932000074',
      fields: ['iot'],
    });
    expect(result.sirets).toEqual([{ field: 'siret', siret: '73282932000074' }]);
  });

  it('requires only at submission, and only fields shown', () => {
    expect(validateAnswers(form, {}, 'draft').issues).toEqual([]);
    expect(codes({})).toEqual({ project: 'required', stage: 'required', founders: 'required' });
    // the revenue is asked only at the revenue stage, the incubator only when incubated
    expect(codes({ ...complete, stage: 'revenue' })).toEqual({ revenue: 'required' });
    expect(codes({ ...complete, incubated: true })).toEqual({ incubator: 'required' });
    expect(codes({ ...complete, incubated: false })).toEqual({});
  });

  it('ignores the answer of a hidden field, even an invalid one, and does not keep it', () => {
    const result = validateAnswers(
      form,
      { ...complete, incubated: false, incubator: 42 },
      'submit',
    );
    expect(result.issues).toEqual([]);
    expect(result.answers).not.toHaveProperty('incubator');
  });

  it('checks each row of a group on its own', () => {
    const founders = [
      { name: 'Léa', role: 'cto' },
      { name: '', role: 'ceo' },
      { name: 'Tom', role: 'cto', cto_since: '2020-02-30' },
    ];
    expect(codes({ ...complete, founders })).toEqual({
      'founders.0.cto_since': 'required',
      'founders.1.name': 'required',
      'founders.2.cto_since': 'not_date',
    });
    expect(codes({ ...complete, founders: [...founders, { name: 'Z' }] })).toEqual({
      founders: 'too_many_rows',
    });
    expect(codes({ ...complete, founders: 'Léa' })).toEqual({ founders: 'not_rows' });
    expect(codes({ ...complete, founders: [['Léa']] })).toEqual({ founders: 'not_rows' });
    expect(codes({ ...complete, founders: [{ name: 'Léa', age: 3 }] })).toEqual({
      'founders.0.age': 'unknown_field',
    });
  });

  it('checks SIRETs: 14 digits with a valid key, La Poste’s by the sum of its digits', () => {
    expect(codes({ ...complete, siret: '73282932000074' })).toEqual({});
    expect(codes({ ...complete, siret: '73282932000075' })).toEqual({ siret: 'not_siret' });
    expect(codes({ ...complete, siret: '7328293200007' })).toEqual({ siret: 'not_siret' });
    expect(codes({ ...complete, siret: 73282932000074 })).toEqual({ siret: 'not_siret' });
    // La Poste: 356 000 000 + a NIC whose digit sum makes a multiple of 5
    expect(codes({ ...complete, siret: '35600000000048' })).toEqual({});
    expect(codes({ ...complete, siret: '35600000012341' })).toEqual({});
    expect(codes({ ...complete, siret: '35600000012342' })).toEqual({ siret: 'not_siret' });
  });

  it.each([
    ['a number as text', { project: 12 }, 'project', 'not_text'],
    ['an object as text', { project: { $gt: '' } }, 'project', 'not_text'],
    ['a text too long', { project: 'x'.repeat(81) }, 'project', 'too_long'],
    ['a huge string', { summary: 'x'.repeat(5_000_000) }, 'summary', 'too_long'],
    ['a text too short', { summary: 'court' }, 'summary', 'too_short'],
    ['a word as number', { staff: 'douze' }, 'staff', 'not_number'],
    ['an infinite number', { staff: '1e400' }, 'staff', 'not_number'],
    ['a number too large', { staff: 251 }, 'staff', 'too_large'],
    ['a number too small', { staff: -1 }, 'staff', 'too_small'],
    ['a date in French order', { founded: '31/12/2020' }, 'founded', 'not_date'],
    ['a date that does not exist', { founded: '2021-02-29' }, 'founded', 'not_date'],
    ['a choice not offered', { stage: 'unicorn' }, 'stage', 'not_choice'],
    ['too many choices', { fields: ['iot', 'health', 'energy'] }, 'fields', 'too_many_choices'],
    ['a choice not offered in a list', { fields: ['iot', 'space'] }, 'fields', 'not_choice'],
    ['a yes/no as a word', { incubated: 'peut-être' }, 'incubated', 'not_yes_no'],
    ['an address without domain', { contact: 'lea@' }, 'contact', 'not_email'],
    ['an address with a script', { contact: '<script>@x.fr' }, 'contact', 'not_email'],
    ['a javascript: link', { site: 'javascript:alert(1)' }, 'site', 'not_url'],
    [
      'a link with a right-to-left override',
      { site: 'https://\u202Eelpmaxe.live' },
      'site',
      'not_url',
    ],
    ['a file reference with a path', { deck: '../../etc/passwd' }, 'deck', 'not_file'],
    ['a key the form does not have', { colour: 'red' }, 'colour', 'unknown_field'],
    ['a NUL in a text', { project: 'a\u0000b' }, 'project', 'not_text'],
  ])('refuses %s with a message for its field', (_name, answers, field, code) => {
    expect(codes({ ...complete, ...answers })).toEqual({ [field]: code });
  });

  it('keeps script tags and any script as text, counting characters rather than bytes', () => {
    const project = '<script>alert("x")</script>';
    const unicode = 'Ω漢字🚀'.repeat(20); // 80 characters, many more bytes
    const result = validateAnswers(form, { ...complete, project, summary: unicode }, 'submit');
    expect(result.issues).toEqual([]);
    expect(result.answers.project).toBe(project);
    expect(result.answers.summary).toBe(unicode);
    expect(codes({ ...complete, project: '🚀'.repeat(81) })).toEqual({ project: 'too_long' });
  });

  it('answers a message, never a throw, whatever the answers are', () => {
    for (const answers of [null, 'text', 42, [], [complete], undefined, true]) {
      expect(codes(answers)).toEqual({ _form: 'not_answers' });
    }
  });

  it('says each problem in both languages, with its limit', () => {
    const { issues } = validateAnswers(
      form,
      { ...complete, project: 'x'.repeat(81), staff: 300 },
      'submit',
    );
    expect(answerMessages(issues, programmesFr)).toEqual({
      project: 'Saisissez au plus 80 caractères.',
      staff: 'Saisissez un nombre inférieur ou égal à 250.',
    });
    expect(answerMessages(issues, programmesEn)).toEqual({
      project: 'Type at most 80 characters.',
      staff: 'Type a number less than or equal to 250.',
    });
  });
});
