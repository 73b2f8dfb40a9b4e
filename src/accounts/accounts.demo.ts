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

/**
 * The demo member other capabilities' demo data acts through (the programmes' demo applicant):
 * the account of the demo member when the accounts' demo made it, else that account created now,
 * marked demo, its address verified and without a password (no one signs in with it).
 */
export function demoMemberAccount(db: Kysely<DB>): Promise<string> {
  return demoAccountOf(db, 'member');
}

/** The demo reviewer (the programmes' demo jury), made the same way as the demo member. */
export function demoReviewerAccount(db: Kysely<DB>): Promise<string> {
  return demoAccountOf(db, 'reviewer');
}

async function demoAccountOf(db: Kysely<DB>, role: Role): Promise<string> {
  const users = usersRepository(db);
  const account = DEMO_ACCOUNTS.find((a) => a.role === role);
  if (!account) throw new Error(`no demo ${role}`);
  const existing = await users.findByEmail(account.email);
  if (existing) return existing.id;
  const created = await users.create({
    email: account.email,
    name: account.name,
    role,
    passwordHash: null,
    isDemo: true,
    verified: true,
  });
  if (created) return created.id;
  // made by another process meanwhile: the unique address decided
  const raced = await users.findByEmail(account.email);
  if (!raced) throw new Error(`the demo ${role} ${account.email} could not be created`);
  return raced.id;
}

/** The demo staff member (the events' demo is scheduled in their name), made the same way. */
export function demoStaffAccount(db: Kysely<DB>): Promise<string> {
  return demoAccountOf(db, 'staff');
}
