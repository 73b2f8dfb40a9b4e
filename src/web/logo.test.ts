import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../kernel/config.ts';
import { DEFAULT_LOGO, LOGO_MAX_BYTES, loadLogo } from './logo.ts';

describe('the header’s logo (LOGO_FILE)', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'totem-logo-'));
  });
  afterAll(async () => rm(dir, { recursive: true, force: true }));

  it('is the default mark when no file is named', async () => {
    expect(await loadLogo(undefined)).toBe(DEFAULT_LOGO);
  });

  it('is the named SVG file, as a data address every page can show', async () => {
    const svg = '<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"><rect/></svg>';
    const file = path.join(dir, 'hub.svg');
    await writeFile(file, svg);
    const src = await loadLogo(file);
    expect(src.startsWith('data:image/svg+xml;base64,')).toBe(true);
    expect(Buffer.from(src.split(',')[1] ?? '', 'base64').toString('utf8')).toBe(svg);
  });

  it('stops the start naming the variable for a missing, non-SVG or too large file', async () => {
    const png = path.join(dir, 'logo.png');
    await writeFile(png, Buffer.from([0x89, 0x50, 0x4e, 0x47]));
    const big = path.join(dir, 'big.svg');
    await writeFile(big, `<svg>${' '.repeat(LOGO_MAX_BYTES)}</svg>`);
    for (const [file, message] of [
      [path.join(dir, 'none.svg'), 'cannot read'],
      [png, 'is not an SVG file'],
      [big, 'is over 32 KB'],
    ] as const) {
      const error = await loadLogo(file).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).issues[0]).toMatch(/^LOGO_FILE: /);
      expect((error as ConfigError).issues[0]).toContain(message);
    }
  });
});
