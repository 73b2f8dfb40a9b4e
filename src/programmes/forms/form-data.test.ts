import { describe, expect, it } from 'vitest';
import { type FormField, formDefinition } from './definition.ts';
import { answersAsValues, answersFromForm, controlId, rowsShown } from './form-data.ts';
import { validateAnswers } from './validate.ts';

const fields: FormField[] = formDefinition.parse([
  { key: 'name', type: 'text', label: 'Nom' },
  { key: 'size', type: 'number', label: 'Effectif' },
  { key: 'ok', type: 'yes_no', label: 'OK ?' },
  {
    key: 'tags',
    type: 'multiple_choice',
    label: 'Tags',
    options: [
      { value: 'a', label: 'A' },
      { value: 'b', label: 'B' },
    ],
  },
  { key: 'deck', type: 'file', label: 'Présentation' },
  {
    key: 'founders',
    type: 'group',
    label: 'Fondateurs',
    max: 3,
    fields: [
      { key: 'name', type: 'text', label: 'Nom' },
      { key: 'role', type: 'text', label: 'Rôle' },
    ],
  },
]);

describe('a page’s form as answers', () => {
  it('gathers every offered field, blank ones as removals, files left alone', () => {
    const patch = answersFromForm(fields, {
      'a.name': 'Alpes Robotique',
      'a.size': '12,5',
      'a.ok': 'yes',
      'a.tags': ['a', 'b'],
      'a.founders.0.name': 'Ada',
      'a.founders.0.role': 'CEO',
      'a.founders.1.name': '',
      'a.founders.1.role': '',
      'a.founders.7.name': 'Bob',
      'a.deck': 'forged-reference',
    });
    expect(patch).toEqual({
      name: 'Alpes Robotique',
      size: '12,5',
      ok: 'yes',
      tags: ['a', 'b'],
      founders: [{ name: 'Ada', role: 'CEO' }, { name: 'Bob' }],
    });
    // the validator reads what the page sends as typed
    const checked = validateAnswers(fields, patch, 'draft');
    expect(checked.issues).toEqual([]);
    expect(checked.answers).toMatchObject({ size: 12.5, ok: true });
  });

  it('removes unticked lists and blank answers, and reads only the fields offered', () => {
    expect(answersFromForm(fields, { 'a.name': '' })).toMatchObject({
      name: null,
      tags: null,
      founders: null,
    });
    expect(answersFromForm(fields, { 'a.name': 'x', 'a.size': '3' }, (k) => k === 'size')).toEqual({
      size: '3',
    });
  });

  it('passes hostile shapes on for the validator to name, and ignores absurd row numbers', () => {
    const patch = answersFromForm(fields, {
      'a.name': ['two', 'values'],
      'a.founders.99999999.name': 'far away',
      'a.founders.-1.name': 'negative',
      'a.unknown': 'x',
    });
    expect(patch.name).toEqual(['two', 'values']);
    expect(patch.founders).toBeNull();
    expect(patch).not.toHaveProperty('unknown');
    expect(validateAnswers(fields, patch, 'draft').issues).toEqual([
      { field: 'name', code: 'not_text' },
    ]);
    expect(answersFromForm(fields, null)).toMatchObject({ name: null });
  });

  it('shows stored answers under the same names, and one blank row more than answered', () => {
    const values = answersAsValues(fields, {
      name: 'A',
      size: 4,
      ok: false,
      tags: ['b'],
      founders: [{ name: 'Ada' }],
    });
    expect(values).toEqual({
      'a.name': 'A',
      'a.size': '4',
      'a.ok': 'no',
      'a.tags': ['b'],
      'a.founders.0.name': 'Ada',
    });
    const group = fields[5] as FormField;
    expect(rowsShown(group, values)).toBe(2);
    expect(rowsShown(group, values, 5)).toBe(3);
    expect(rowsShown(group, {})).toBe(1);
    expect(controlId('founders.0.name')).toBe('champ-founders-0-name');
  });
});
