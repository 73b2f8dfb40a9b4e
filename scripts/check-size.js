#!/usr/bin/env node
// The house's size rules, run by `npm run lint`: no source file over 500 lines, no function of
// 150 lines or more (counted from its first line to its last, as a reader scrolls it). A function
// nested in another counts on its own and inside its parent: a factory that returns an object of
// methods is one function however its methods are split.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

const MAX_FILE_LINES = 500;
const MAX_FUNCTION_LINES = 149;
const ROOTS = ['src', 'test', 'bench', 'scripts', 'public', 'bin'];
const SOURCE = /\.(tsx?|jsx?|mjs|css)$/;

function* files(dir) {
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name === 'results' || name.startsWith('.')) continue;
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) yield* files(full);
    else if (SOURCE.test(name)) yield full;
  }
}

const problems = [];
for (const root of ROOTS) {
  for (const file of files(root)) {
    const text = readFileSync(file, 'utf8');
    const lines = text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
    if (lines > MAX_FILE_LINES)
      problems.push(`${file}: ${lines} lines (at most ${MAX_FILE_LINES})`);
    if (file.endsWith('.css')) continue;
    const kind = file.endsWith('x') ? ts.ScriptKind.TSX : ts.ScriptKind.TS;
    const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, kind);
    const visit = (node) => {
      if (ts.isFunctionLike(node) && 'body' in node && node.body) {
        const first = source.getLineAndCharacterOfPosition(node.getStart(source)).line;
        const last = source.getLineAndCharacterOfPosition(node.getEnd()).line;
        const length = last - first + 1;
        if (length > MAX_FUNCTION_LINES) {
          problems.push(
            `${file}:${first + 1}: a function of ${length} lines (at most ${MAX_FUNCTION_LINES})`,
          );
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
}

if (problems.length > 0) {
  console.error(problems.join('\n'));
  console.error(`\n${problems.length} size problem(s): split the file or the function.`);
  process.exit(1);
}
console.log('Sizes: every file within 500 lines, every function under 150.');
