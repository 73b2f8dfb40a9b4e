import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const PUBLIC_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), '../../public');
const versions = new Map<string, string>();

/**
 * The address of a file of public/ with a hash of its content (`/assets/totem.css?v=…`): the
 * server lets browsers keep such an address a year, and a changed file gets a new one. The
 * address without the hash keeps working (kept an hour).
 */
export function asset(name: string): string {
  let version = versions.get(name);
  if (version === undefined) {
    try {
      const bytes = readFileSync(path.join(PUBLIC_DIR, name));
      version = createHash('sha256').update(bytes).digest('base64url').slice(0, 12);
    } catch {
      version = '';
    }
    versions.set(name, version);
  }
  return version ? `/assets/${name}?v=${version}` : `/assets/${name}`;
}
