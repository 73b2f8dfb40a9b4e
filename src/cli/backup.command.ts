import type { Command } from 'commander';
import type { Manifest } from '../backup/archive.ts';
import type { Config } from '../kernel/config.ts';

function summary(manifest: Manifest): string {
  const rows = Object.values(manifest.tables).reduce((a, b) => a + b, 0);
  const tables = Object.keys(manifest.tables).length;
  return (
    `${tables} tables, ${rows} rows, ${manifest.files.count} files (${manifest.files.bytes} bytes); ` +
    `schema ${manifest.schema}, from the ${manifest.engine} engine, made ${manifest.created_at}`
  );
}

/** a refusal of the backup library: its message and exit code; anything else is thrown on */
async function refusing(work: () => Promise<void>): Promise<void> {
  const { backupError, exitCodes } = await import('../backup/backup.errors.ts');
  try {
    await work();
  } catch (error) {
    if (!backupError.is(error)) throw error;
    process.stderr.write(
      `${error.spec.en}\n${error.message === error.code ? '' : `(${error.message})\n`}`,
    );
    process.exitCode = exitCodes[error.code];
  }
}

export function backupCommands(program: Command, loadConfig: () => Config) {
  program
    .command('backup')
    .description(
      'write a backup of the database and of the uploaded files (DATA_DIR/files) to one file; ' +
        'on a PostgreSQL server while it runs, on the embedded database while its server is stopped',
    )
    .requiredOption('--out <file>', 'the file to write')
    .action(async (options: { out: string }) => {
      const config = loadConfig();
      const { openAppDatabase, assertServerStopped } = await import('../app/app-database.ts');
      const { createBackup } = await import('../backup/backup.service.ts');
      try {
        assertServerStopped(config);
      } catch (error) {
        process.stderr.write(
          `${(error as Error).message}\nThe running server makes a daily backup when BACKUP_DIR is set.\n`,
        );
        process.exitCode = 4;
        return;
      }
      const database = await openAppDatabase(config);
      try {
        const manifest = await createBackup({
          db: database.db,
          dataDir: config.dataDir,
          out: options.out,
        });
        process.stdout.write(`Backup written to ${options.out}: ${summary(manifest)}.\n`);
      } finally {
        await database.close();
      }
    });

  program
    .command('restore')
    .description(
      'replace the database and the uploaded files with a backup, in one transaction; refuses ' +
        '(exit 2) a damaged file or one that is not a backup, (exit 3) a backup of another schema, ' +
        '(exit 4) while a server holds the embedded database',
    )
    .requiredOption('--from <file>', 'the backup to restore')
    .action(async (options: { from: string }) => {
      const config = loadConfig();
      const { openAppDatabase, assertServerStopped } = await import('../app/app-database.ts');
      const { restoreBackup, verifyBackup } = await import('../backup/backup.service.ts');
      const { backupError } = await import('../backup/backup.errors.ts');
      await refusing(async () => {
        // checked before the database is even opened: a wrong file changes nothing
        await verifyBackup(options.from);
        try {
          assertServerStopped(config);
        } catch (error) {
          throw backupError('DATABASE_IN_USE', (error as Error).message);
        }
        const database = await openAppDatabase(config);
        try {
          const manifest = await restoreBackup({
            db: database.db,
            dataDir: config.dataDir,
            from: options.from,
          });
          process.stdout.write(`Restored ${options.from}: ${summary(manifest)}.\n`);
        } finally {
          await database.close();
        }
      });
    });
}
