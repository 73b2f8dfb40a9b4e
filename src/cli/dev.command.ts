import type { Command } from 'commander';

export function devCommands(program: Command) {
  const group = program.command('dev').description('tools for developers and benchmarks');
  group
    .command('sirene-sample')
    .description('write synthetic SIRENE stock files in the exact official format')
    .requiredOption('--rows <n>', 'establishment rows', (v) => Number.parseInt(v, 10))
    .requiredOption('--out <dir>', 'output folder')
    .option('--seed <n>', 'random seed', (v) => Number.parseInt(v, 10), 1)
    .option('--month <yyyy-mm>', 'publication month (a later month: closures and new bands)')
    .option('--malformed', 'add malformed lines (reported with their line numbers)')
    .option('--gzip', 'write .csv.gz')
    .option('--zip', 'write .zip, as INSEE ships the files')
    .action(
      async (o: {
        rows: number;
        out: string;
        seed: number;
        month?: string;
        malformed?: boolean;
        gzip?: boolean;
        zip?: boolean;
      }) => {
        if (!Number.isInteger(o.rows) || o.rows < 1)
          throw new Error('--rows must be a positive integer');
        const { writeSireneSample } = await import('../sirene/sample/sample.ts');
        const result = await writeSireneSample({
          directory: o.out,
          rows: o.rows,
          seed: o.seed,
          month: o.month,
          malformed: o.malformed ?? false,
          compression: o.zip ? 'zip' : o.gzip ? 'gzip' : 'none',
        });
        process.stdout.write(
          `${result.establishmentsPath} (${result.establishmentRows} rows)\n${result.unitsPath} (${result.unitRows} rows)\n` +
            (result.malformedLines.length
              ? `malformed lines: ${result.malformedLines.map((m) => `${m.file.split('/').pop()}:${m.line} ${m.reason}`).join(', ')}\n`
              : ''),
        );
      },
    );
}
