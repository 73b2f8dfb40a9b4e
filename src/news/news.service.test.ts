import { describe, expect, it } from 'vitest';
import { diffSnapshots, type Snapshot, subtreeOf, trailOf } from './articles.ts';
import { xml } from './feeds.ts';
import type { CategoryRow } from './news.repository.ts';

const CATEGORIES: CategoryRow[] = [
  { id: 1, slug: 'notre-offre', parent_id: null, name_fr: 'Notre offre', name_en: 'Our offer' },
  { id: 2, slug: 'actualites', parent_id: 1, name_fr: 'Actualités', name_en: 'News' },
  { id: 3, slug: 'presse', parent_id: 2, name_fr: 'Presse', name_en: 'Press' },
  { id: 4, slug: 'agenda', parent_id: null, name_fr: 'Agenda', name_en: 'Diary' },
];

describe('category tree', () => {
  it('gives the breadcrumb trail from the root', () => {
    expect(trailOf(CATEGORIES, 3).map((c) => c.slug)).toEqual([
      'notre-offre',
      'actualites',
      'presse',
    ]);
    expect(trailOf(CATEGORIES, 99)).toEqual([]);
  });

  it('filters a category with everything below it', () => {
    expect(subtreeOf(CATEGORIES, 1).sort()).toEqual([1, 2, 3]);
    expect(subtreeOf(CATEGORIES, 4)).toEqual([4]);
  });

  it('stops on a loop rather than hanging', () => {
    const loop: CategoryRow[] = [
      { id: 1, slug: 'a', parent_id: 2, name_fr: 'A', name_en: 'A' },
      { id: 2, slug: 'b', parent_id: 1, name_fr: 'B', name_en: 'B' },
    ];
    expect(trailOf(loop, 1).length).toBeLessThanOrEqual(10);
  });
});

describe('diffSnapshots', () => {
  const base: Snapshot = {
    category: 'actualites',
    tags: ['a'],
    organisations: [],
    versions: {
      fr: {
        title: 'Titre',
        slug: 'titre',
        summary: '',
        body_md: 'Texte',
        cover_file_id: null,
        cover_alt: '',
        is_translation: false,
        state: 'draft',
        publish_at: null,
      },
    },
  };

  it('names each field that changed, with both values', () => {
    const after: Snapshot = {
      ...base,
      tags: ['a', 'b'],
      versions: {
        fr: { ...(base.versions.fr as NonNullable<Snapshot['versions']['fr']>), title: 'Nouveau' },
      },
    };
    expect(diffSnapshots(base, after)).toEqual([
      { field: 'tags', before: 'a', after: 'a, b' },
      { field: 'fr.title', before: 'Titre', after: 'Nouveau' },
    ]);
  });

  it('sees a language added by someone else', () => {
    const after: Snapshot = { ...base, versions: { ...base.versions, en: base.versions.fr } };
    expect(diffSnapshots(base, after).map((c) => c.field)).toContain('en.title');
    expect(diffSnapshots(base, base)).toEqual([]);
  });
});

describe('xml', () => {
  it('escapes markup and drops characters XML cannot carry', () => {
    expect(xml('<script>"a" & \'b\'</script>\u0000\u0007ok')).toBe(
      '&lt;script&gt;&quot;a&quot; &amp; &apos;b&apos;&lt;/script&gt;ok',
    );
  });
});
