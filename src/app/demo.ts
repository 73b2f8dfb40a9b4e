import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Kysely } from 'kysely';
import { hashPassword, randomPassword } from '../accounts/passwords.ts';
import { usersRepository } from '../accounts/users.repository.ts';
import type { DB, Role } from '../db/schema.ts';
import { loadDirectoryDemo } from '../directory/directory.demo.ts';
import { hubRepository } from '../hub/hub.repository.ts';
import { loadNewsDemo } from '../news/news.demo.ts';

export const DEMO_META_KEY = 'demo_loaded_at';

const DEMO_ACCOUNTS: { role: Role; email: string; name: string }[] = [
  { role: 'admin', email: 'demo-admin@totem.example', name: 'Admin (démo)' },
  { role: 'staff', email: 'demo-staff@totem.example', name: 'Équipe d’animation (démo)' },
  { role: 'reviewer', email: 'demo-reviewer@totem.example', name: 'Membre de jury (démo)' },
  { role: 'member', email: 'demo-member@totem.example', name: 'Membre (démo)' },
];

export type DemoAccount = { role: Role; email: string; password: string };

/**
 * Loads the demonstration data once per database: demo accounts (when asked: never on a shared
 * server) and what each capability adds. Returns the accounts created, with their passwords,
 * which are shown once and never stored in clear elsewhere than the data folder's file.
 */
export async function loadDemo(
  db: Kysely<DB>,
  options: { withAccounts: boolean; dataDir: string },
): Promise<{ loaded: boolean; accounts: DemoAccount[]; accountsFile?: string }> {
  const hub = hubRepository(db);
  if (await hub.getMeta(DEMO_META_KEY)) return { loaded: false, accounts: [] };
  const accounts: DemoAccount[] = [];
  if (options.withAccounts) {
    const users = usersRepository(db);
    for (const a of DEMO_ACCOUNTS) {
      const password = randomPassword();
      const created = await users.create({
        email: a.email,
        name: a.name,
        role: a.role,
        passwordHash: await hashPassword(password),
        isDemo: true,
      });
      if (created) accounts.push({ role: a.role, email: a.email, password });
    }
  }
  await loadDirectoryDemo(db);
  await loadNewsDemo(db, options.dataDir);
  await hub.setMeta(DEMO_META_KEY, new Date().toISOString());
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
