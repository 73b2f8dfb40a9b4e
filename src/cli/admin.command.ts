import type { Command } from 'commander';
import { z } from 'zod';
import type { Config } from '../kernel/config.ts';

export function adminCommands(program: Command, loadConfig: () => Config) {
  const admin = program.command('admin').description('accounts and roles');
  admin
    .command('create')
    .description('create an administrator and print a one-time link to choose the password')
    .requiredOption('--email <address>', 'the administrator’s e-mail address')
    .option('--name <name>', 'the name shown in the interface')
    .action(async (options: { email: string; name?: string }) => {
      const email = z.email().safeParse(options.email.trim());
      if (!email.success) throw new Error(`Not an e-mail address: ${options.email}`);
      const config = loadConfig();
      const { openAppDatabase } = await import('../app/app-database.ts');
      const { createMailer } = await import('../mail/mailer.ts');
      const { accountsService } = await import('../accounts/accounts.service.ts');
      const database = await openAppDatabase(config);
      try {
        const accounts = accountsService({
          db: database.db,
          mailer: createMailer({ dataDir: config.dataDir, from: config.mailFrom }),
          publicUrl: () => config.publicUrl,
          hubName: async () => 'Totem',
        });
        const result = await accounts.createWithRole({
          email: email.data,
          name: options.name,
          role: 'admin',
        });
        process.stdout.write(
          `${result.created ? 'Administrator created' : 'Existing account made administrator'}: ${result.user.email}\n` +
            `Choose the password within 24 hours at:\n${result.link}\n`,
        );
      } finally {
        await database.close();
      }
    });
}
