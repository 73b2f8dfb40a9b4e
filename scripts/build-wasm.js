/**
 * `npm run build:wasm`: assembles the WebAssembly text of the import's pre-filter
 * (`src/sirene/line-scan.wat`) into the module it loads (`line-scan.wasm`, committed, so that
 * neither an install nor a start needs an assembler: wabt is a development dependency).
 * `line-scan.test.ts` fails when the two disagree.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

export const WAT = fileURLToPath(new URL('../src/sirene/line-scan.wat', import.meta.url));

/** The module's bytes, from its text. */
export async function assemble() {
  const { default: wabt } = await import('wabt');
  const tools = await wabt();
  const module = tools.parseWat('line-scan.wat', await readFile(WAT, 'utf8'), { simd: true });
  try {
    module.validate();
    return Buffer.from(module.toBinary({}).buffer);
  } finally {
    module.destroy();
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const binary = await assemble();
  await writeFile(WAT.replace(/\.wat$/, '.wasm'), binary);
  process.stdout.write(`line-scan.wasm: ${binary.length} bytes\n`);
}
