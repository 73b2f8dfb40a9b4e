import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SRC = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');

/**
 * Packages that only rare requests or commands use: the code loads them where it needs them
 * (`await import()`, or `require` where the caller is synchronous), so that a server process does
 * not hold them from its start (docs/ARCHITECTURE.md, memory).
 */
const LOADED_ON_FIRST_USE = [
  'nodemailer',
  'file-type',
  'yauzl',
  'markdown-it',
  'sanitize-html',
  '@node-rs/argon2',
  'pdfkit',
];

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) return sources(file);
    return /\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) ? [file] : [];
  });
}

/** the packages a source imports or re-exports as values at its top */
function staticImports(text: string): string[] {
  const found = text.matchAll(/^(?:import|export)\s+(?!type\b)[^;]*?\bfrom\s+'([^']+)'/gms);
  return [...found].map((m) => m[1] ?? '');
}

describe('packages loaded on first use', () => {
  it('finds the static imports of a source, and not its type-only ones', () => {
    const text = [
      "import type yauzl from 'yauzl';",
      "import { type Readable, Transform } from 'node:stream';",
      "import nodemailer from 'nodemailer';",
      "export { hash } from '@node-rs/argon2';",
    ].join('\n');
    expect(staticImports(text)).toEqual(['node:stream', 'nodemailer', '@node-rs/argon2']);
  });

  it('are imported by no source at its top', () => {
    const offenders = sources(SRC).flatMap((file) =>
      staticImports(readFileSync(file, 'utf8'))
        .filter((name) => LOADED_ON_FIRST_USE.includes(name))
        .map((name) => `${path.relative(SRC, file)}: ${name}`),
    );
    expect(offenders).toEqual([]);
  });
});
