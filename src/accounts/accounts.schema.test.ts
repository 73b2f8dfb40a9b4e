import { describe, expect, it } from 'vitest';
import { coreFr as fr } from '../web/i18n/core.fr.ts';
import { fieldErrors } from '../web/validation.ts';
import { resetForm, safeNext, signUpForm } from './accounts.schema.ts';

describe('account forms', () => {
  it('accept a good sign-up and trim the name and address', () => {
    const r = signUpForm.parse({
      name: '  Awa ',
      email: ' awa@example.org ',
      password: '0123456789',
    });
    expect(r).toEqual({ name: 'Awa', email: 'awa@example.org', password: '0123456789' });
  });

  it('name each problem by field, in the catalogue’s words', () => {
    const r = signUpForm.safeParse({ name: '', email: 'x@', password: 'short' });
    expect(r.success).toBe(false);
    if (r.success) return;
    expect(fieldErrors(r.error, fr)).toEqual({
      name: fr.form.required,
      email: fr.form.emailInvalid,
      password: fr.form.passwordTooShort,
    });
  });

  it('ask for the same password twice', () => {
    const r = resetForm.safeParse({ token: 't', password: '0123456789', confirm: '0123456788' });
    expect(r.success).toBe(false);
    if (r.success) return;
    expect(fieldErrors(r.error, fr)).toEqual({ confirm: fr.form.passwordMismatch });
  });

  it('survive hostile input without throwing', () => {
    for (const body of [undefined, null, 'text', 42, { name: ['a'], email: {}, password: 1 }]) {
      expect(signUpForm.safeParse(body).success).toBe(false);
    }
  });
});

describe('the page after sign-in', () => {
  it.each([
    [undefined, '/compte'],
    ['/admin/outbox', '/admin/outbox'],
    ['//evil.example', '/compte'],
    ['/\\evil.example', '/compte'],
    ['https://evil.example', '/compte'],
    ['javascript:alert(1)', '/compte'],
  ])('%s → %s', (next, expected) => {
    expect(safeNext(next)).toBe(expected);
  });
});

describe('the page after sign-in, normalised', () => {
  it.each([
    ['/annuaire/acme?q=a%20b#x', '/annuaire/acme?q=a%20b#x'],
    ['/annuaire/./acme/../acme', '/annuaire/acme'],
    ['/annuaire?q=100%25', '/annuaire?q=100%25'],
    ['/en/annuaire', '/annuaire'],
    ['/en', '/'],
    ['/\t/evil.example', '/compte'],
    ['/%09/evil.example', '/compte'],
    ['/\r\n/evil.example', '/compte'],
    ['/\u0000', '/compte'],
    ['/\u3000/evil.example', '/compte'],
    ['/%E3%80%80/evil.example', '/compte'],
    ['\\\\evil.example', '/compte'],
    ['/%5C/evil.example', '/compte'],
    ['/%2F%2Fevil.example', '/compte'],
    ['/%252F%252Fevil.example', '/compte'],
    ['/%2f/evil.example', '/compte'],
    ['/%E0%A4%A', '/compte'],
    ['', '/compte'],
    ['/x'.repeat(1001), '/compte'],
  ])('%j → %s', (next, expected) => {
    expect(safeNext(next)).toBe(expected);
  });
});
