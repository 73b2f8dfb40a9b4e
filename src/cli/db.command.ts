import type { Command } from 'commander';
import type { Config } from '../kernel/config.ts';

export function dbCommands(program: Command, loadConfig: () => Config) {
  const db = program.command('db').description('database operations');
  db.command('migrate')
    .description('apply the pending migrations (also done at every start)')
    .action(async () => {
      const config = loadConfig();
      const { embeddedDir } = await import('../app/app-database.ts');
      const { openDatabase } = await import('../db/engine.ts');
      const { migrate } = await import('../db/migrate.ts');
      const database = await openDatabase({
        databaseUrl: config.databaseUrl,
        dataDir: embeddedDir(config),
      });
      try {
        const ran = await migrate(database.db);
        process.stdout.write(
          ran.length ? `Applied: ${ran.join(', ')}\n` : 'The database is up to date.\n',
        );
      } finally {
        await database.close();
      }
    });
}
