#!/usr/bin/env node
// `npm test`: the three tiers in turn (unit, integration, then the browser), and one closing line.
// Without a Chromium the browser tier is skipped loudly, unless E2E_REQUIRED=1 makes that a failure.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const chromium = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const hasBrowser = existsSync(chromium);
const required = process.env.E2E_REQUIRED === '1';
const extra = process.argv.slice(2);
const reports = mkdtempSync(path.join(tmpdir(), 'totem-test-'));

function vitest(name, projects) {
  const output = path.join(reports, `${name}.json`);
  const args = ['vitest', 'run', ...projects.flatMap((p) => ['--project', p])];
  args.push('--reporter=default', '--reporter=json', `--outputFile.json=${output}`, ...extra);
  const res = spawnSync('npx', args, { stdio: 'inherit', env: process.env });
  let counts = { passed: 0, failed: 0, skipped: 0 };
  if (existsSync(output)) {
    const r = JSON.parse(readFileSync(output, 'utf8'));
    counts = {
      passed: r.numPassedTests,
      failed: r.numFailedTests,
      skipped: r.numPendingTests + r.numTodoTests,
    };
  }
  return { status: res.status ?? 1, ...counts };
}

const runs = [vitest('fast', ['unit', 'integration'])];
if (hasBrowser) {
  runs.push(vitest('e2e', ['e2e']));
} else {
  const line = '!'.repeat(78);
  console.error(`\n${line}\n!! BROWSER TIER SKIPPED: no Chromium at ${chromium}.`);
  console.error('!! Install it (apt-get install -y chromium) or set CHROMIUM_PATH.');
  console.error(`${line}\n`);
  if (required) {
    console.error('E2E_REQUIRED=1: a missing browser is a failure.');
    runs.push({ status: 1, passed: 0, failed: 1, skipped: 0 });
  }
}
rmSync(reports, { recursive: true, force: true });

const total = runs.reduce(
  (a, r) => ({
    passed: a.passed + r.passed,
    failed: a.failed + r.failed,
    skipped: a.skipped + r.skipped,
  }),
  { passed: 0, failed: 0, skipped: 0 },
);
const status = runs.some((r) => r.status !== 0) ? 1 : 0;
console.log(`\nTests: ${total.passed} passed, ${total.failed} failed, ${total.skipped} skipped`);
process.exit(status);
