import { describe, expect, it } from 'vitest';
import { plainText, renderMarkdown } from './markdown.ts';

/** What an attacker may type into an article, and what must never come out of the renderer. */
const HOSTILE: string[] = [
  '<script>alert(1)</script>',
  '<SCRIPT SRC=//evil.example/x.js></SCRIPT>',
  '[click](javascript:alert(1))',
  '[click](JaVaScRiPt:alert(1))',
  '[click](java\tscript:alert(1))',
  '[click](&#106;avascript:alert(1))',
  '[click](vbscript:msgbox(1))',
  '[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)',
  '![x](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)',
  '![x](javascript:alert(1))',
  '<img src=x onerror=alert(1)>',
  '<a href="https://example.org" onclick="alert(1)">x</a>',
  '<svg onload=alert(1)><circle r=1></svg>',
  '<iframe src="https://evil.example"></iframe>',
  '<object data="x.swf"></object><embed src="x.swf">',
  '<style>body{display:none}</style>',
  '<form action="https://evil.example"><input name=x></form>',
  '<math><mi xlink:href="javascript:alert(1)">x</mi></math>',
  '<div style="background:url(javascript:alert(1))">x</div>',
  '<meta http-equiv="refresh" content="0;url=https://evil.example">',
  '<base href="https://evil.example/">',
  '[x](https://example.org "title\\" onmouseover=\\"alert(1)")',
  '<<script>script>alert(1)<</script>/script>',
  '<!--<script>alert(1)</script>-->',
  '<details open ontoggle=alert(1)>',
  '```html\n<script>alert(1)</script>\n```',
  '<http://example.org/"onmouseover="alert(1)>',
  '[a](//evil.example/x)',
];

const SAFE_TAGS = new Set(
  'p br h2 h3 h4 strong em s blockquote ul ol li a code pre hr img table thead tbody tr th td'.split(
    ' ',
  ),
);

/**
 * Every real tag of the output (text is escaped, so a "<" in the output opens a tag) is an
 * allowed one, with no event attribute, no style, and no address that runs code or leaves the
 * page's scheme.
 */
function assertInert(html: string) {
  for (const [tag, name = '', attributes = ''] of html.matchAll(/<\/?([a-zA-Z0-9]+)([^>]*)>/g)) {
    expect(SAFE_TAGS.has(name.toLowerCase()), `tag ${tag}`).toBe(true);
    // the attributes' names, their quoted values set aside
    const names = attributes.replace(/"[^"]*"/g, '""');
    expect(names, tag).not.toMatch(/\bon[a-z]+\s*=/i);
    expect(names, tag).not.toMatch(/\bstyle\s*=/i);
    for (const [, url = ''] of attributes.matchAll(/\b(?:href|src)\s*=\s*"([^"]*)"/gi)) {
      expect(url, tag).toMatch(/^(https?:\/\/|mailto:|\/(?!\/)|#)/i);
    }
  }
  expect(html).not.toMatch(/<\s*script/i);
}

describe('renderMarkdown', () => {
  it('renders the Markdown people write', () => {
    const html = renderMarkdown(
      '# Titre\n\nUn **paragraphe** avec un [lien](https://example.org) et *emphase*.\n\n- un\n- deux\n\n> citation',
    );
    expect(html).toContain('<h2>Titre</h2>');
    expect(html).toContain('<strong>paragraphe</strong>');
    expect(html).toContain(
      '<a href="https://example.org" rel="noopener noreferrer nofollow">lien</a>',
    );
    expect(html).toContain('<ul>\n<li>un</li>');
    expect(html).toContain('<blockquote>');
  });

  it('keeps local links and images from the site', () => {
    const html = renderMarkdown('[annuaire](/annuaire) ![plan](https://example.org/plan.png)');
    expect(html).toContain('<a href="/annuaire">annuaire</a>');
    expect(html).toContain('<img src="https://example.org/plan.png" alt="plan" />');
  });

  it('shows typed HTML as text rather than running it', () => {
    const html = renderMarkdown('<script>alert(1)</script>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });

  for (const input of HOSTILE) {
    it(`leaves nothing active in ${JSON.stringify(input)}`, () => {
      assertInert(renderMarkdown(input));
    });
  }

  it('sets French text with French typography, and leaves code and English alone', () => {
    const source = 'Il a dit : "bienvenue" ! Et vous ? `a : b`';
    const fr = renderMarkdown(source, 'fr');
    expect(fr).toContain('dit\u00a0:');
    expect(fr).toContain('«\u00a0bienvenue\u00a0»');
    expect(fr).toContain('\u202f!');
    expect(fr).toContain('vous\u202f?');
    expect(fr).toContain('<code>a : b</code>');
    const en = renderMarkdown(source, 'en');
    expect(en).toContain('dit :');
    expect(en).toContain('"bienvenue"');
  });

  it('keeps the text of a dangerous link but not the link', () => {
    const html = renderMarkdown('[cliquez ici](javascript:alert(1))');
    expect(html).not.toContain('href="javascript');
    expect(html).toContain('cliquez ici');
  });
});

describe('plainText', () => {
  it('drops markup and shortens', () => {
    expect(plainText('Un **gras** et <b>du html</b>')).toBe('Un gras et <b>du html</b>');
    expect(plainText('a'.repeat(400), 10)).toBe(`${'a'.repeat(9)}…`);
  });
});
