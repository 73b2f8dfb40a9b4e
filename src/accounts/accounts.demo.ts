import type { Kysely } from 'kysely';
import type { DB, Role } from '../db/schema.ts';
import type { DemoAccount } from '../kernel/module.ts';
import { hashPassword, randomPassword } from './passwords.ts';
import { usersRepository } from './users.repository.ts';

const DEMO_ACCOUNTS: { role: Role; email: string; name: string }[] = [
  { role: 'admin', email: 'demo-admin@totem.example', name: 'Admin (démo)' },
  { role: 'staff', email: 'demo-staff@totem.example', name: 'Équipe d’animation (démo)' },
  { role: 'reviewer', email: 'demo-reviewer@totem.example', name: 'Membre de jury (démo)' },
  { role: 'member', email: 'demo-member@totem.example', name: 'Membre (démo)' },
];

/** One demo account per role, each with a random password returned once (never on a server). */
export async function loadAccountsDemo(db: Kysely<DB>): Promise<DemoAccount[]> {
  const users = usersRepository(db);
  const accounts: DemoAccount[] = [];
  for (const a of DEMO_ACCOUNTS) {
    const password = randomPassword();
    const created = await users.create({
      email: a.email,
      name: a.name,
      role: a.role,
      passwordHash: await hashPassword(password),
      isDemo: true,
      verified: true,
    });
    if (created) accounts.push({ role: a.role, email: a.email, password });
  }
  return accounts;
}
