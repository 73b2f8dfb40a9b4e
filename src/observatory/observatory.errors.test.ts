import { describe, expect, it } from 'vitest';
import { declaredModules } from '../../test/support/modules.ts';
import { AppError, coreError } from '../kernel/errors.ts';
import { observatoryError } from './observatory.errors.ts';

describe('the observatory’s error codes', () => {
  it('are the module’s error table, so the platform answers them', () => {
    const observatory = declaredModules().find((m) => m.name === 'observatory');
    expect(observatory?.errors).toBe(observatoryError.table);
  });

  it('tell a download that can be asked again from one whose list is gone', () => {
    const recomputed = observatoryError('FIGURES_RECOMPUTED');
    const deleted = observatoryError('OBJECTIVE_DELETED');
    expect([recomputed.status, deleted.status]).toEqual([409, 410]);
    expect(recomputed.text('fr')).toMatch(/Relancez/);
    expect(recomputed.text('en')).toMatch(/Start it again/);
    expect(deleted.text('en')).toMatch(/deleted during the download/);
    expect(observatoryError('FIGURES_NOT_COMPUTED').status).toBe(404);
  });

  it('are not the platform’s generic codes', () => {
    const error: unknown = observatoryError('FIGURES_RECOMPUTED');
    expect(error).toBeInstanceOf(AppError);
    expect(coreError.is(error)).toBe(false);
    expect(observatoryError.is(error, 'FIGURES_RECOMPUTED')).toBe(true);
    expect(observatoryError.is(coreError('CONFLICT'))).toBe(false);
  });
});
