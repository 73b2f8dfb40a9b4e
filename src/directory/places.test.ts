import { describe, expect, it } from 'vitest';
import { placeKey, placeOfQuery } from './places.ts';

const communes = new Map([
  ['38185', 'Grenoble'],
  ['38421', "Saint-Martin-d'Hères"],
  ['38151', 'Échirolles'],
  ['38317', 'Le Pont-de-Claix'],
]);

describe('a place typed in the search box', () => {
  it('is a commune of the territory, whatever the case and the accents', () => {
    expect(placeOfQuery('grenoble', communes)).toEqual({ code: '38185', name: 'Grenoble' });
    expect(placeOfQuery('  GRENOBLE ', communes)?.code).toBe('38185');
    expect(placeOfQuery('echirolles', communes)?.code).toBe('38151');
    expect(placeOfQuery('Échirolles', communes)?.code).toBe('38151');
  });

  it('reads hyphens and apostrophes as spaces, and "st" as "saint"', () => {
    expect(placeOfQuery("saint martin d'heres", communes)?.name).toBe("Saint-Martin-d'Hères");
    expect(placeOfQuery('St-Martin-d’Hères', communes)?.code).toBe('38421');
    expect(placeOfQuery('le pont de claix', communes)?.code).toBe('38317');
  });

  it('is nothing when the words are more, less or other than a commune’s name', () => {
    expect(placeOfQuery('logiciel grenoble', communes)).toBeNull();
    expect(placeOfQuery('greno', communes)).toBeNull();
    expect(placeOfQuery('', communes)).toBeNull();
    expect(placeOfQuery("'-", communes)).toBeNull();
    expect(placeKey('Saint-Égrève')).toBe('saint egreve');
  });
});
