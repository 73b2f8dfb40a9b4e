import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Kysely } from 'kysely';
import { instanceMeta } from '../db/instance-meta.ts';
import type { DB } from '../db/schema.ts';
import type { CapabilityModule, DemoAccount } from '../kernel/module.ts';

export const DEMO_META_KEY = 'demo_loaded_at';

/**
 * Loads the demonstration data once per database: what each capability adds, in the order of the
 * module list, demo accounts included when asked (never on a shared server). Returns the accounts
 * created, with their passwords, which are shown once and never stored in clear elsewhere than the
 * data folder's file.
 */
export async function loadDemo(
  db: Kysely<DB>,
  modules: readonly CapabilityModule[],
  options: { withAccounts: boolean; dataDir: string },
): Promise<{ loaded: boolean; accounts: DemoAccount[]; accountsFile?: string }> {
  const meta = instanceMeta(db);
  if (await meta.get(DEMO_META_KEY)) return { loaded: false, accounts: [] };
  const accounts: DemoAccount[] = [];
  for (const module of modules) {
    accounts.push(...((await module.demo?.({ withAccounts: options.withAccounts })) ?? []));
  }
  await meta.set(DEMO_META_KEY, new Date().toISOString());
  if (accounts.length === 0) return { loaded: true, accounts };
  const accountsFile = path.join(options.dataDir, 'demo-accounts.txt');
  await mkdir(options.dataDir, { recursive: true });
  await writeFile(accountsFile, formatAccounts(accounts), { mode: 0o600 });
  return { loaded: true, accounts, accountsFile };
}

export function formatAccounts(accounts: DemoAccount[]): string {
  const lines = accounts.map((a) => `${a.role.padEnd(9)} ${a.email.padEnd(30)} ${a.password}`);
  return `Totem demo accounts (demonstration data; change or delete them before real use)\n${lines.join('\n')}\n`;
}
