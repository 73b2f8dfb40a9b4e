import type { Command } from 'commander';
import type { Config } from '../kernel/config.ts';

export function auditCommands(program: Command, loadConfig: () => Config) {
  const audit = program.command('audit').description('the audit log of programmes');
  audit
    .command('verify')
    .description(
      'walk the hash chain of the audit log: exit 0 with the count of entries and the last hash, ' +
        'or exit 2 naming the first entry that does not hold (3: the chain does not pass through --anchor)',
    )
    .option('--json', 'print the result as JSON')
    .option(
      '--anchor <hash>',
      'a last hash printed by an earlier run: the chain must pass through it',
    )
    .action(async (options: { json?: boolean; anchor?: string }) => {
      const config = loadConfig();
      const { openAppDatabase, assertServerStopped } = await import('../app/app-database.ts');
      const { auditService } = await import('../audit/audit.service.ts');
      // the embedded database is one process's: verify it while its server is stopped
      assertServerStopped(config);
      const database = await openAppDatabase(config);
      try {
        const result = await auditService(database.db).verify(
          options.anchor ? { anchor: options.anchor.trim().toLowerCase() } : {},
        );
        if (options.json) process.stdout.write(`${JSON.stringify(result)}\n`);
        if (result.ok && result.anchorFound === false) {
          process.stderr.write(
            `The chain holds (${result.count} entries) but no longer passes through ${options.anchor}: ` +
              'it was rewritten after that hash was taken.\n',
          );
          process.exitCode = 3;
          return;
        }
        if (result.ok) {
          if (!options.json) {
            process.stdout.write(
              `The audit log holds: ${result.count} entries, chained without a break.\n` +
                `Last hash: ${result.head}\n`,
            );
          }
          return;
        }
        const why = {
          hash: 'its content does not match its hash (edited?)',
          link: 'it does not name the previous entry’s hash (an entry before it deleted or inserted?)',
          sequence: 'its number does not follow the previous one (an entry deleted or inserted?)',
        }[result.problem];
        process.stderr.write(
          `Audit log broken at entry ${result.seq}: ${why}.\n` +
            `Expected ${result.expected}, found ${result.found}. ` +
            `${result.count} entries before it hold.\n`,
        );
        process.exitCode = 2;
      } finally {
        await database.close();
      }
    });
}
