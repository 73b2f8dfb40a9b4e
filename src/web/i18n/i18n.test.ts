import { describe, expect, it } from 'vitest';
import { nameInEnglish } from '../../kernel/locale.ts';
import { formatter, localePath, splitLocale } from './index.ts';

describe('language in the URL', () => {
  it.each([
    ['/', 'fr', '/'],
    ['/connexion?next=%2Fcompte', 'fr', '/connexion?next=%2Fcompte'],
    ['/en', 'en', '/'],
    ['/en/', 'en', '/'],
    ['/en?x=1', 'en', '/?x=1'],
    ['/en/connexion', 'en', '/connexion'],
    ['/english', 'fr', '/english'],
    ['/entreprises', 'fr', '/entreprises'],
  ])('%s is %s at %s', (url, locale, rest) => {
    expect(splitLocale(url)).toEqual({ locale, url: rest });
  });

  it('builds links back', () => {
    expect(localePath('fr', '/annuaire')).toBe('/annuaire');
    expect(localePath('en', '/annuaire')).toBe('/en/annuaire');
    expect(localePath('en', '/')).toBe('/en');
  });

  it('gives a page its English name when one is declared, both ways', () => {
    nameInEnglish({ '/essais': '/trials' });
    expect(localePath('en', '/essais/un-appel?page=2')).toBe('/en/trials/un-appel?page=2');
    expect(localePath('fr', '/essais/un-appel')).toBe('/essais/un-appel');
    expect(splitLocale('/en/trials/un-appel?page=2')).toEqual({
      locale: 'en',
      url: '/essais/un-appel?page=2',
    });
    expect(splitLocale('/en/trials')).toEqual({ locale: 'en', url: '/essais' });
    // the French name still answers in English, and a longer word is not a prefix of it
    expect(splitLocale('/en/essais')).toEqual({ locale: 'en', url: '/essais' });
    expect(splitLocale('/en/trialsx')).toEqual({ locale: 'en', url: '/trialsx' });
    expect(localePath('en', '/essaisx')).toBe('/en/essaisx');
    expect(() => nameInEnglish({ '/autre': '/trials' })).toThrow(/already names/);
  });

  it('names a page’s two first segments when declared, the first one kept', () => {
    nameInEnglish({ '/banc/essais': '/banc/trials' });
    expect(localePath('en', '/banc/essais/7')).toBe('/en/banc/trials/7');
    expect(localePath('en', '/banc')).toBe('/en/banc');
    expect(localePath('en', '/banc/autre')).toBe('/en/banc/autre');
    expect(splitLocale('/en/banc/trials/7?x=1')).toEqual({
      locale: 'en',
      url: '/banc/essais/7?x=1',
    });
    expect(splitLocale('/en/banc')).toEqual({ locale: 'en', url: '/banc' });
    expect(() => nameInEnglish({ '/a/b/c/d': '/a/b/c/e' })).toThrow(/one to three segments/);
  });

  it('names three segments when declared, the longest name winning', () => {
    nameInEnglish({ '/gestion/lieu': '/gestion/venue' });
    nameInEnglish({ '/gestion/lieu/reservations': '/gestion/venue/bookings' });
    expect(localePath('en', '/gestion/lieu/reservations/x')).toBe('/en/gestion/venue/bookings/x');
    expect(localePath('en', '/gestion/lieu/photos')).toBe('/en/gestion/venue/photos');
    expect(splitLocale('/en/gestion/venue/bookings?de=1')).toEqual({
      locale: 'en',
      url: '/gestion/lieu/reservations?de=1',
    });
    expect(splitLocale('/en/gestion/venue/photos')).toEqual({
      locale: 'en',
      url: '/gestion/lieu/photos',
    });
  });
});

describe('formatting', () => {
  it('formats dates of the register without shifting the day', () => {
    expect(formatter('fr').date('2014-11-12')).toBe('12 novembre 2014');
    expect(formatter('en').date('2014-11-12')).toBe('12 November 2014');
  });

  it('shows instants in Europe/Paris', () => {
    // 23:30 UTC on 31 December is already the next year in Paris
    const instant = new Date('2025-12-31T23:30:00Z');
    expect(formatter('fr').dateTime(instant)).toContain('1 janvier 2026');
    expect(formatter('fr').dateTime(instant)).toContain('00:30');
    expect(formatter('en').date(instant)).toBe('1 January 2026');
  });

  it('formats numbers for the language', () => {
    expect(formatter('fr').number(449509).replace(/\s/g, ' ')).toBe('449 509');
    expect(formatter('en').number(449509)).toBe('449,509');
  });
});
