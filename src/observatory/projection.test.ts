import { describe, expect, it } from 'vitest';
import { parseEvidence, parseObjectiveForm } from './observatory.schema.ts';
import { project } from './projection.ts';

describe('projection to the deadline', () => {
  it('extends the least-squares line through the history to the deadline', () => {
    // one more organisation a year, exactly: the line reaches 5 two years after the last point
    const p = project(
      [
        { on: '2020-01-01', value: 1 },
        { on: '2021-01-01', value: 2 },
        { on: '2022-01-01', value: 3 },
      ],
      '2024-01-01',
    );
    expect(p.method).toBe('least_squares');
    if (p.method !== 'least_squares') return;
    expect(p.value).toBeCloseTo(5, 1);
    expect(p.perYear).toBeCloseTo(1, 1);
    expect(p.points).toBe(3);
  });

  it('never projects below zero', () => {
    const p = project(
      [
        { on: '2020-01-01', value: 3 },
        { on: '2021-01-01', value: 1 },
      ],
      '2030-01-01',
    );
    expect(p).toMatchObject({ method: 'least_squares', value: 0 });
  });

  it('says when there is not enough history, rather than drawing a line through one point', () => {
    expect(project([], '2030-01-01')).toEqual({ method: 'insufficient', points: 0 });
    expect(project([{ on: '2026-01-01', value: 4 }], '2030-01-01')).toEqual({
      method: 'insufficient',
      points: 1,
    });
  });

  it('gives the value observed before a deadline already passed, and no line', () => {
    const history = [
      { on: '2024-10-31', value: 2 },
      { on: '2024-11-30', value: 3 },
    ];
    expect(project(history, '2024-11-12')).toEqual({
      method: 'deadline_passed',
      on: '2024-11-12',
      valueAtDeadline: 2,
      points: 2,
    });
    expect(project([{ on: '2026-04-30', value: 3 }], '2024-11-12')).toMatchObject({
      valueAtDeadline: null,
    });
  });
});

describe('the objective form', () => {
  const fields = new Set(['objets-connectes']);
  const valid = {
    title_fr: 'Dix',
    title_en: 'Ten',
    scope: 'head_office',
    measure: 'legal_unit',
    min_employees: '1 000',
    max_employees: '',
    target: '1',
    deadline: '2030-12-31',
    fields: ['objets-connectes'],
  };

  it('reads a valid rule, spaces in numbers included', () => {
    const r = parseObjectiveForm(valid, fields);
    expect(r).toMatchObject({
      ok: true,
      value: { min_employees: 1000, max_employees: null, field_slugs: ['objets-connectes'] },
    });
  });

  it('names each wrong field', () => {
    const r = parseObjectiveForm(
      {
        ...valid,
        title_fr: '',
        scope: 'everywhere',
        fields: ['nope'],
        min_employees: '-3',
        deadline: '2030-02-30x',
        kinds: ['spaceship'],
      },
      fields,
    );
    expect(r).toEqual({
      ok: false,
      errors: {
        title_fr: 'required',
        scope: 'choice',
        fields: 'unknownField',
        kinds: 'choice',
        min_employees: 'wholeNumber',
        deadline: 'date',
      },
    });
  });

  it('refuses a day that does not exist', () => {
    const r = parseObjectiveForm({ ...valid, deadline: '2030-02-30' }, fields);
    expect(r).toEqual({ ok: false, errors: { deadline: 'date' } });
  });

  it('refuses an upper bound below the lower one', () => {
    const r = parseObjectiveForm({ ...valid, min_employees: '500', max_employees: '250' }, fields);
    expect(r).toEqual({ ok: false, errors: { max_employees: 'maxBelowMin' } });
  });

  it('reads evidence lines and refuses addresses that are not web or site links', () => {
    expect(parseEvidence('Statuts | https://example.org/statuts.pdf\n/actualites/1')).toEqual([
      { label: 'Statuts', url: 'https://example.org/statuts.pdf' },
      { label: '/actualites/1', url: '/actualites/1' },
    ]);
    expect(parseEvidence('x | javascript:alert(1)')).toBeNull();
  });
});
