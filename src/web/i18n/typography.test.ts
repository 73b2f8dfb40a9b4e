import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { frenchSpacing, NARROW_NBSP, NBSP, typographyFaults } from './typography.ts';

const SRC = path.resolve(import.meta.dirname, '../..');

function* sourceFiles(dir: string): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* sourceFiles(full);
    else if (/\.(fr|errors)\.ts$/.test(entry.name)) yield full;
  }
}

/**
 * The French texts of a file, as written: every string of a catalogue (`x.fr.ts`), the `fr`
 * message of each error code (`x.errors.ts`); the text around a template's `${…}` included.
 */
function frenchTexts(file: string): { line: number; text: string }[] {
  const source = ts.createSourceFile(
    file,
    readFileSync(file, 'utf8'),
    ts.ScriptTarget.Latest,
    true,
  );
  const found: { line: number; text: string }[] = [];
  const strings = (node: ts.Node): void => {
    if (
      ts.isStringLiteral(node) ||
      ts.isNoSubstitutionTemplateLiteral(node) ||
      ts.isTemplateHead(node) ||
      ts.isTemplateMiddle(node) ||
      ts.isTemplateTail(node)
    ) {
      const line = source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1;
      found.push({ line, text: node.text });
    }
    ts.forEachChild(node, strings);
  };
  const errors = file.endsWith('.errors.ts');
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) || ts.isModuleDeclaration(node)) return;
    if (!errors) strings(node);
    else if (ts.isPropertyAssignment(node) && node.name.getText(source) === 'fr') {
      strings(node.initializer);
    } else ts.forEachChild(node, visit);
  };
  ts.forEachChild(source, visit);
  return found;
}

describe('French typography', () => {
  it('puts a no-break space before : and inside « », a narrow one before ; ? !', () => {
    expect(frenchSpacing('Statut : « ouvert » ; prêt ? oui !')).toBe(
      `Statut${NBSP}: «${NBSP}ouvert${NBSP}» ;`.replace(' ;', `${NARROW_NBSP};`) +
        ` prêt${NARROW_NBSP}? oui${NARROW_NBSP}!`,
    );
    // a colon without a space before it (a time, an address) is left alone
    expect(frenchSpacing('18:30, https://exemple.fr')).toBe('18:30, https://exemple.fr');
  });

  it('finds a breakable space before a sign and a straight quote, not a code example', () => {
    expect(typographyFaults('Statut : ouvert')).toHaveLength(1);
    expect(typographyFaults('Il a dit "oui"')).toEqual(['a straight double quote (write « »)']);
    expect(typographyFaults(`Statut${NBSP}: «${NBSP}ouvert${NBSP}»`)).toEqual([]);
    expect(typographyFaults('Réponse`{"error": {"code": "…"}}`')).toEqual([]);
  });

  it('is right in every French text of the catalogues and of the error messages', () => {
    const files = [...sourceFiles(SRC)];
    expect(files.length).toBeGreaterThan(20);
    const faults = files.flatMap((file) =>
      frenchTexts(file).flatMap(({ line, text }) =>
        typographyFaults(text).map((f) => `${path.relative(SRC, file)}:${line}: ${f}`),
      ),
    );
    expect(faults).toEqual([]);
  });
});
