import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import type MarkdownIt from 'markdown-it';
import type sanitizeHtml from 'sanitize-html';
import type { Locale } from '../kernel/locale.ts';
import { frenchSpacing } from '../web/i18n/typography.ts';

/**
 * Articles are written in Markdown. Raw HTML in the source is shown as text (markdown-it with
 * `html: false`), and what markdown-it produces then goes through an allow-list (sanitize-html):
 * two independent layers, so a mistake in one does not run anything in a reader's browser.
 */
type Markdown = InstanceType<typeof MarkdownIt>;
type Engines = { markdown: Markdown; markdownFr: Markdown; sanitize: typeof sanitizeHtml };
let engines: Engines | undefined;

/**
 * Both libraries are loaded at the first text rendered (an article, an event, a feed), not at
 * start: the lists and most pages render none. Pages render synchronously, and both are CommonJS
 * packages, so they are required there.
 */
function loadEngines(): Engines {
  if (engines) return engines;
  const require = createRequire(import.meta.url);
  const Engine = require('markdown-it') as typeof MarkdownIt;
  const markdown = new Engine({ html: false, linkify: true, typographer: false, breaks: false });
  /**
   * French text gets French typography as it is rendered: straight quotes become « » with no-break
   * spaces inside, and the space before : ; ? ! (or inside « ») becomes a no-break one, so that a
   * sign never starts a line. Code keeps what was typed (only text tokens are touched).
   */
  const markdownFr = new Engine({
    html: false,
    linkify: true,
    typographer: true,
    quotes: ['«\u00a0', '\u00a0»', '“', '”'],
    breaks: false,
  });
  markdownFr.core.ruler.push('french_spacing', (state) => {
    for (const block of state.tokens) {
      for (const token of block.children ?? []) {
        if (token.type === 'text') token.content = frenchSpacing(token.content);
      }
    }
  });
  engines = { markdown, markdownFr, sanitize: require('sanitize-html') as typeof sanitizeHtml };
  return engines;
}

/** Markdown through an engine, then through the allow-list */
function toSafeHtml(source: string, locale: Locale, allow: sanitizeHtml.IOptions): string {
  const { markdown, markdownFr, sanitize } = loadEngines();
  return sanitize((locale === 'fr' ? markdownFr : markdown).render(source), allow);
}

const SANITIZE: sanitizeHtml.IOptions = {
  allowedTags: [
    'p',
    'br',
    'h2',
    'h3',
    'h4',
    'strong',
    'em',
    's',
    'blockquote',
    'ul',
    'ol',
    'li',
    'a',
    'code',
    'pre',
    'hr',
    'img',
    'table',
    'thead',
    'tbody',
    'tr',
    'th',
    'td',
  ],
  allowedAttributes: {
    a: ['href', 'title', 'rel'],
    img: ['src', 'alt', 'title'],
    ol: ['start'],
    th: ['align'],
    td: ['align'],
  },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesByTag: { img: ['http', 'https'] },
  allowedSchemesAppliedToAttributes: ['href', 'src'],
  allowProtocolRelative: false,
  disallowedTagsMode: 'discard',
  transformTags: {
    // a heading of level 1 is the page's title: the body's own start at level 2
    h1: 'h2',
    h5: 'h4',
    h6: 'h4',
    a: (tagName, attribs) => {
      const external = /^https?:\/\//i.test(attribs.href ?? '');
      return {
        tagName,
        attribs: external ? { ...attribs, rel: 'noopener noreferrer nofollow' } : attribs,
      };
    },
  },
};

/**
 * The last bodies rendered, by the hash of their source: a feed renders up to thirty of them at
 * each request, and rendering a long article costs tens of milliseconds (`npm run bench -- news`).
 * The output depends on the source only, so an edited article is simply a new entry.
 */
const rendered = new Map<string, string>();
const KEEP = 200;

/** Markdown to HTML that is safe to put in a page or a feed as is, in the text's language. */
export function renderMarkdown(source: string, locale: Locale = 'fr'): string {
  const key = `${locale}:${createHash('sha256').update(source).digest('base64url')}`;
  const cached = rendered.get(key);
  if (cached !== undefined) return cached;
  const html = toSafeHtml(source, locale, SANITIZE);
  rendered.set(key, html);
  if (rendered.size > KEEP) rendered.delete(rendered.keys().next().value as string);
  return html;
}

/** the same, without the cache (for measuring) */
export function renderMarkdownUncached(source: string, locale: Locale = 'fr'): string {
  return toSafeHtml(source, locale, SANITIZE);
}

/** The text of a Markdown source, without markup (for descriptions and previews). */
export function plainText(source: string, max = 300): string {
  const text = toSafeHtml(source, 'en', { allowedTags: [], allowedAttributes: {} })
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/\s+/g, ' ')
    .trim();
  return text.length > max ? `${text.slice(0, max - 1).trimEnd()}…` : text;
}
