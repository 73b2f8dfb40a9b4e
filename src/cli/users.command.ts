import { type Command, Option } from 'commander';
import { z } from 'zod';
import type { OperatorService } from '../accounts/operator.service.ts';
import type { Config } from '../kernel/config.ts';
import type { PrivacyService } from '../privacy/privacy.service.ts';

const ROLES = ['member', 'reviewer', 'staff', 'admin'] as const;

/**
 * Opens the application's database (refusing while a server uses the embedded one) and gives the
 * accounts' operator service, wired to the directory's members service as app/modules.ts wires
 * them for the server: the command is a composition root of its own, and loads neither the web
 * application nor the other capabilities.
 */
async function withOperator(
  loadConfig: () => Config,
  work: (operator: OperatorService) => Promise<void>,
): Promise<void> {
  const config = loadConfig();
  const { openAppDatabase, assertServerStopped } = await import('../app/app-database.ts');
  assertServerStopped(config);
  const database = await openAppDatabase(config);
  try {
    const { operatorService } = await import('../accounts/operator.service.ts');
    const { membersService } = await import('../directory/members.service.ts');
    await work(
      operatorService({
        db: database.db,
        publicUrl: () => config.publicUrl,
        directory: membersService(database.db),
      }),
    );
  } finally {
    await database.close();
  }
}

function emailOption(value: string): string {
  const email = z.email().max(254).safeParse(value.trim());
  if (!email.success) throw new Error(`Not an e-mail address: ${value}`);
  return email.data;
}

/** `totem users add` and `totem tokens create`: accounts and API tokens for operators and scripts. */
export function usersCommands(program: Command, loadConfig: () => Config) {
  const users = program.command('users').description('accounts, for operators and scripts');
  users
    .command('add')
    .description(
      'create an account with a role and no password, and print a one-time link to choose it',
    )
    .requiredOption('--email <address>', 'the account’s e-mail address')
    .addOption(
      new Option('--role <role>', 'the account’s role').choices(ROLES).makeOptionMandatory(),
    )
    .option('--name <name>', 'the name shown in the interface (default: before the @)')
    .option('--organisation <siren>', 'attach the account to the organisation with this SIREN')
    .action(
      async (options: {
        email: string;
        role: (typeof ROLES)[number];
        name?: string;
        organisation?: string;
      }) => {
        const email = emailOption(options.email);
        const siren = options.organisation?.replace(/\s+/g, '');
        if (siren !== undefined && !/^\d{9}$/.test(siren)) {
          throw new Error(
            `A SIREN is nine digits, not ${options.organisation}: no account was created.`,
          );
        }
        await withOperator(loadConfig, async (operator) => {
          const { user, link, organisation } = await operator.addUser({
            email,
            name: options.name?.trim() || undefined,
            role: options.role,
            organisationSiren: siren,
          });
          process.stdout.write(
            `Account created: ${user.email} (${user.role})\n` +
              (organisation ? `Attached to: ${organisation.name} (${organisation.siren})\n` : '') +
              `Choose the password within 24 hours at:\n${link}\n`,
          );
        });
      },
    );

  personalDataCommands(users, loadConfig);

  const tokens = program.command('tokens').description('personal API tokens');
  tokens
    .command('create')
    .description(
      'create an API token for an account and print it, alone, on standard output (it is shown once)',
    )
    .requiredOption('--email <address>', 'the e-mail address of the account the token acts as')
    .option('--name <name>', 'the token’s name, shown on the account page', 'command line')
    .action(async (options: { email: string; name: string }) => {
      const email = emailOption(options.email);
      const name = options.name.trim();
      if (name === '' || name.length > 100) {
        throw new Error('The token’s name must have 1 to 100 characters.');
      }
      await withOperator(loadConfig, async (operator) => {
        const { user, secret } = await operator.createToken(email, name);
        process.stderr.write(
          `API token “${name}” created for ${user.email}; it will not be shown again.\n`,
        );
        process.stdout.write(`${secret}\n`);
      });
    });
}

/**
 * The account of an address and the privacy service, on the application's database (with the
 * server stopped on the embedded one), for a person who asks by post.
 */
async function withPersonalData(
  loadConfig: () => Config,
  email: string,
  work: (userId: string, privacy: PrivacyService) => Promise<void>,
): Promise<void> {
  const config = loadConfig();
  const { openAppDatabase, assertServerStopped } = await import('../app/app-database.ts');
  assertServerStopped(config);
  const database = await openAppDatabase(config);
  try {
    const { usersRepository } = await import('../accounts/users.repository.ts');
    const { privacyService } = await import('../privacy/privacy.service.ts');
    const user = await usersRepository(database.db).findByEmail(email);
    if (!user) throw new Error(`No account has the address ${email}: nothing was done.`);
    await work(user.id, privacyService(database.db));
  } finally {
    await database.close();
  }
}

/** `totem users export` and `totem users erase`: a person's rights, exercised by an operator */
function personalDataCommands(users: Command, loadConfig: () => Config) {
  users
    .command('export')
    .description('print, as JSON, everything the platform keeps about the account of an address')
    .requiredOption('--email <address>', 'the account’s e-mail address')
    .action(async (options: { email: string }) => {
      const email = emailOption(options.email);
      await withPersonalData(loadConfig, email, async (userId, privacy) => {
        const data = await privacy.exportOf(userId);
        if (!data) throw new Error(`The account of ${email} was erased: nothing to export.`);
        process.stdout.write(`${JSON.stringify(data, null, 2)}\n`);
      });
    });
  users
    .command('erase')
    .description(
      'erase the account of an address: it can no longer sign in, its sessions and tokens end, what must stay keeps a pseudonym',
    )
    .requiredOption('--email <address>', 'the account’s e-mail address')
    .action(async (options: { email: string }) => {
      const email = emailOption(options.email);
      await withPersonalData(loadConfig, email, async (userId, privacy) => {
        if (!(await privacy.erase(userId)))
          throw new Error(`The account of ${email} was erased already.`);
        process.stdout.write(`Account of ${email} erased.\n`);
      });
    });
}
