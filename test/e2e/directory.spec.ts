import { describe, it } from 'vitest';
import { readProfiles, staffEdit, staffUpload } from './directory.profiles.ts';
import {
  exportResults,
  layOut,
  searchAsYouType,
  searchByPlaceAndFacetLinks,
  searchOnTheMap,
  searchWithoutScript,
} from './directory.search.ts';
import { browserSession, SHOTS_DIR } from './directory.support.ts';
import { JOURNEY_TIMEOUT, skipWithoutChromium } from './support.ts';

// The directory in a browser: each journey (directory.search.ts, directory.profiles.ts) is a whole
// task, run in this order on one server with the demo data and one browser, axe on every page.

describe.skipIf(skipWithoutChromium)(
  'the directory in a browser',
  { timeout: JOURNEY_TIMEOUT },
  () => {
    const s = browserSession();

    it('searches as you type, filters with a facet, and the address shares the results', () =>
      searchAsYouType(s));
    it('searches, filters and pages without JavaScript, with the plain form', () =>
      searchWithoutScript(s));
    it('shows the search as a map of communes, each leading to its list with the same count', () =>
      searchOnTheMap(s));
    it('finds the organisations of a commune typed in the box, and filters by a facet’s link', () =>
      searchByPlaceAndFacetLinks(s));
    it('opens a profile from the results: identity, establishments, history, JSON-LD, in English too', () =>
      readProfiles(s));
    it('exports the filtered results as CSV, every row matching the filters', () =>
      exportResults(s));
    it('lets the staff edit a profile: the saved description, with the source of what they said', () =>
      staffEdit(s));
    it('lets the staff upload a SIRENE file: it runs to the end, and a disguised file is refused', () =>
      staffUpload(s));
    it(`lays the directory out on a desktop and on a phone (screenshots in ${SHOTS_DIR})`, () =>
      layOut(s));
  },
);
