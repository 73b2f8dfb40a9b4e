import { describe, expect, it } from 'vitest';
import { isSitePath, isWebAddress } from './urls.ts';

describe('addresses people give', () => {
  it('takes web addresses that read as the place they lead to', () => {
    for (const ok of [
      'https://alpes-informatique.example',
      'http://hub.example/page?x=1#a',
      'https://www.grenoble.fr/actualites/12',
      'https://münchen.example',
    ]) {
      expect(isWebAddress(ok), ok).toBe(true);
    }
  });

  it('refuses those that do not: reordered text, other schemes, no host, spaces, backslashes', () => {
    for (const bad of [
      'https://\u202eelpmaxe.live',
      'https://good.example/\u2066evil',
      'javascript:alert(1)',
      '//evil.example',
      'https:///path',
      'https://a b.example',
      'https:\\\\evil.example',
      'ftp://files.example',
      'https://x.example/\u0000',
      '',
    ]) {
      expect(isWebAddress(bad), JSON.stringify(bad)).toBe(false);
    }
  });

  it('takes a path of this site, never one that leads to another host', () => {
    expect(isSitePath('/observatoire/feuille-de-route')).toBe(true);
    expect(isSitePath('/')).toBe(true);
    for (const bad of ['//evil.example', '/\\evil.example', 'evil.example', '/\u202eevil', '']) {
      expect(isSitePath(bad), JSON.stringify(bad)).toBe(false);
    }
  });
});
