import { Command } from 'commander';
import { ConfigError, loadConfig } from '../kernel/config.ts';
import { adminCommands } from './admin.command.ts';
import { auditCommands } from './audit.command.ts';
import { backupCommands } from './backup.command.ts';
import { dbCommands } from './db.command.ts';
import { devCommands } from './dev.command.ts';
import { importCommands } from './import.command.ts';
import { serveCommand } from './serve.command.ts';
import { usersCommands } from './users.command.ts';

const program = new Command()
  .name('totem')
  .description('Totem: the platform of a regional tech-ecosystem hub.')
  .showHelpAfterError();

serveCommand(program, loadConfig);
dbCommands(program, loadConfig);
adminCommands(program, loadConfig);
usersCommands(program, loadConfig);
auditCommands(program, loadConfig);
backupCommands(program, loadConfig);
importCommands(program, loadConfig);
devCommands(program);

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof ConfigError) {
    process.stderr.write(`${error.message}\n`);
    process.exit(78);
  }
  process.stderr.write(`${(error as Error).message}\n`);
  process.exit(1);
}
