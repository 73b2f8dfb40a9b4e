import { describe, expect, it } from 'vitest';
import { declaredModules } from '../../test/support/modules.ts';
import { WHO } from '../kernel/access.ts';
import type { ErrorSpec } from '../kernel/errors.ts';
import { coreError } from '../kernel/errors.ts';
import { assembleCatalogues } from '../web/i18n/catalogue.ts';

/** Building the modules touches nothing: no query, no file (a stub database would throw). */
const modules = declaredModules();

function shape(value: unknown, prefix = ''): string[] {
  if (value && typeof value === 'object') {
    return Object.entries(value).flatMap(([k, v]) => shape(v, `${prefix}${k}.`));
  }
  return [`${prefix.slice(0, -1)}:${typeof value}`];
}

describe('the capabilities’ catalogues', () => {
  const { fr, en } = assembleCatalogues(modules.flatMap((m) => (m.text ? [m.text] : [])));

  it('have the same keys, with the same kinds of values, in both languages', () => {
    // the same set of keys (their order in each file may differ)
    expect(shape(en).sort()).toEqual(shape(fr).sort());
    expect(Object.keys(fr)).toEqual(expect.arrayContaining(['nav', 'directory', 'news']));
  });

  it('have no empty string', () => {
    const values = (o: unknown): string[] =>
      o && typeof o === 'object'
        ? Object.values(o).flatMap(values)
        : typeof o === 'string'
          ? [o]
          : [];
    expect(values(fr).length).toBeGreaterThan(500);
    expect([...values(fr), ...values(en)].filter((s) => s.trim() === '')).toEqual([]);
  });

  it('give every one-shot message a text in both languages', () => {
    const keys = modules.flatMap((m) => Object.keys(m.flash ?? {}));
    expect(new Set(keys).size).toBe(keys.length);
    for (const m of modules) {
      for (const [key, text] of Object.entries(m.flash ?? {})) {
        expect(text(fr), key).toMatch(/\S/);
        expect(text(en), key).toMatch(/\S/);
        expect(text(en), key).not.toBe(text(fr));
      }
    }
  });

  it('name every link and card in both languages', () => {
    for (const m of modules) {
      for (const entry of [...(m.nav ?? []), ...(m.admin ?? [])]) {
        const label = 'label' in entry ? entry.label : entry.title;
        expect(label(fr), entry.path).toMatch(/\S/);
        expect(label(en), entry.path).toMatch(/\S/);
      }
    }
  });
});

describe('the capabilities’ error codes', () => {
  const tables: [string, Readonly<Record<string, ErrorSpec>>][] = [
    ['core', coreError.table],
    ...modules.flatMap((m): [string, Readonly<Record<string, ErrorSpec>>][] =>
      m.errors ? [[m.name, m.errors]] : [],
    ),
  ];

  it('map a code to one status wherever it is declared, with a message in both languages', () => {
    const statusOf = new Map<string, number>();
    for (const [name, table] of tables) {
      for (const [code, spec] of Object.entries(table)) {
        expect(code, name).toMatch(/^[A-Z][A-Z_]+$/);
        expect(spec.fr.trim(), `${name} ${code}`).not.toBe('');
        expect(spec.en.trim(), `${name} ${code}`).not.toBe('');
        expect(spec.en, `${name} ${code}`).not.toBe(spec.fr);
        const seen = statusOf.get(code);
        if (seen !== undefined) expect(spec.status, `${name} ${code}`).toBe(seen);
        statusOf.set(code, spec.status);
      }
    }
  });
});

describe('the capabilities’ access lines', () => {
  it('say, for every route they declare, what each role gets', () => {
    const lines = modules.flatMap((m) => Object.entries(m.access ?? {}));
    expect(lines.length).toBeGreaterThan(50);
    expect(new Set(lines.map(([route]) => route)).size).toBe(lines.length);
    for (const [route, line] of lines) {
      expect(route).toMatch(/^(GET|POST|PUT|PATCH|DELETE) \//);
      expect(Object.keys(line).sort()).toEqual([...WHO].sort());
    }
  });
});
