import type { Command } from 'commander';
import type { Config } from '../kernel/config.ts';

export function serveCommand(program: Command, loadConfig: () => Config) {
  program
    .command('serve', { isDefault: true })
    .description('start the web server (PORT, HOST, DATA_DIR, DATABASE_URL: see .env.example)')
    .action(async () => {
      const config = loadConfig();
      // loaded here so that `totem --help` stays quick
      const { start } = await import('../app/start.ts');
      const started = await start(config);
      const seconds = (performance.now() / 1000).toFixed(1);
      process.stdout.write(
        `Totem is ready at ${started.url} (${started.database.kind}, ${seconds} s after launch)\n`,
      );
      let stopping = false;
      const stop = async (signal: string) => {
        if (stopping) return;
        stopping = true;
        started.app.log.info({ signal }, 'stopping');
        await started.app.close();
        process.exit(0);
      };
      process.on('SIGINT', () => void stop('SIGINT'));
      process.on('SIGTERM', () => void stop('SIGTERM'));
    });
}
