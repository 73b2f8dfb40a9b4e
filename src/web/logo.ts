import { readFile } from 'node:fs/promises';
import { ConfigError } from '../kernel/config.ts';

/** the hub's mark when no LOGO_FILE is set: public/logo.svg */
export const DEFAULT_LOGO = '/assets/logo.svg';

/** a logo larger than this is refused: it is sent inside every page */
export const LOGO_MAX_BYTES = 32 * 1024;

/**
 * The header's logo: the default mark, or the SVG file named by LOGO_FILE, read once at start
 * and written into every page as a `data:` address (the CSP allows images from `data:`; an SVG
 * shown by an <img> runs no script). A missing, large or non-SVG file stops the start naming
 * the variable, as every wrong setting does.
 */
export async function loadLogo(file: string | undefined): Promise<string> {
  if (!file) return DEFAULT_LOGO;
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch {
    throw new ConfigError([`LOGO_FILE: cannot read ${file}`]);
  }
  if (bytes.length > LOGO_MAX_BYTES) {
    throw new ConfigError([`LOGO_FILE: ${file} is over ${LOGO_MAX_BYTES / 1024} KB`]);
  }
  const text = bytes.toString('utf8');
  if (!/^\s*(<\?xml[^>]*>\s*)?(<!--[\s\S]*?-->\s*)*<svg[\s>]/.test(text)) {
    throw new ConfigError([`LOGO_FILE: ${file} is not an SVG file (it must start with <svg)`]);
  }
  return `data:image/svg+xml;base64,${bytes.toString('base64')}`;
}
