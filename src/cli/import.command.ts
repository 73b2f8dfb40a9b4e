import type { Command } from 'commander';
import { type Config, ConfigError } from '../kernel/config.ts';

type Options = {
  establishments?: string;
  units?: string;
  allSectors?: boolean;
  json?: boolean;
  asOf?: string;
};

function mb(bytes: number) {
  return `${(bytes / 1_048_576).toFixed(1)} MB`;
}

export function importCommands(program: Command, loadConfig: () => Config) {
  const group = program.command('import').description('import official data');
  group
    .command('sirene')
    .description('import the SIRENE stock files (.csv, .csv.gz or .zip) into the directory')
    .option('--establishments <file>', 'StockEtablissement file')
    .option('--units <file>', 'StockUniteLegale file')
    .option('--all-sectors', 'keep every activity code, not only the sector selection')
    .option(
      '--as-of <date>',
      'date of the observations (default: the files’ latest processing date)',
    )
    .option('--json', 'print the summary as JSON (and a failure as {"error": …})')
    .action(async (options: Options) => {
      try {
        await importSirene(options, loadConfig);
      } catch (error) {
        if (!options.json) throw error;
        // a script reading the JSON learns why, in JSON; the person reading the terminal too
        process.stdout.write(`${JSON.stringify({ error: describeFailure(error) }, null, 2)}\n`);
        process.stderr.write(`${(error as Error).message}\n`);
        process.exitCode = error instanceof ConfigError ? 78 : 1;
      }
    });
}

/**
 * A failed import, as --json tells it: a stable code, the message, and the columns missing. The
 * errors are told apart by name, so that this module loads none of the import's own.
 */
export function describeFailure(error: unknown): {
  code: string;
  message: string;
  missing?: readonly string[];
} {
  const message = error instanceof Error ? error.message : String(error);
  const named = error as { name?: unknown; code?: unknown; missing?: unknown };
  if (named.name === 'MissingColumnsError' && Array.isArray(named.missing)) {
    return { code: 'MISSING_COLUMNS', message, missing: named.missing.map(String) };
  }
  if (named.name === 'CsvFormatError') return { code: 'CSV_FORMAT', message };
  // a file the reading process refused: too many rejected lines, cut short, a line too long
  if (named.name === 'FileReadError' && typeof named.code === 'string') {
    return { code: named.code, message };
  }
  if (error instanceof ConfigError) return { code: 'CONFIG', message };
  if (named.name === 'AppError' && typeof named.code === 'string') {
    return { code: named.code, message };
  }
  return { code: 'IMPORT_FAILED', message };
}

async function importSirene(options: Options, loadConfig: () => Config) {
  if (options.asOf && !/^\d{4}-\d{2}-\d{2}$/.test(options.asOf)) {
    throw new Error(`--as-of must be a date YYYY-MM-DD, not ${options.asOf}`);
  }
  const config = loadConfig();
  const { checkSireneFiles, describeFiles, IMPORT_EMBEDDED_SETTINGS, runSireneImport } =
    await import('../imports/sirene-import.service.ts');
  const request = {
    establishmentsPath: options.establishments,
    unitsPath: options.units,
    allSectors: options.allSectors ?? false,
    asOf: options.asOf,
  };
  // headers first: a missing column stops everything before the database is touched
  const sizes = await checkSireneFiles(request);
  const { openAppDatabase, assertServerStopped } = await import('../app/app-database.ts');
  assertServerStopped(config);
  const database = await openAppDatabase(config, {
    embeddedSettings: IMPORT_EMBEDDED_SETTINGS,
  });
  const { importsRepository } = await import('../imports/imports.repository.ts');
  const tty = process.stderr.isTTY && !options.json;
  try {
    const imports = importsRepository(database.db);
    // one command runs at a time on a database (the embedded one is locked to one process;
    // on a server, operators run one import at a time): a running one is an interrupted one
    await imports.markInterrupted('cli', 'interrupted before the end; the next run completed it');
    const id = await imports.create({
      files: describeFiles(request, sizes),
      options: { allSectors: request.allSectors, asOf: request.asOf, origin: 'cli' },
      status: 'running',
    });
    let mergeStarted = 0;
    const run = runSireneImport(database.db, id, request, (p) => {
      if (!tty) return;
      if (p.phase === 'merging') {
        mergeStarted ||= Date.now();
        const seconds = Math.round((Date.now() - mergeStarted) / 1000);
        process.stderr.write(
          `\r[${'#'.repeat(30)}] merging ${p.rowsRead.toLocaleString('en')} rows into the register, ${seconds} s   `,
        );
        return;
      }
      const share = p.bytesTotal > 0 ? Math.min(1, p.bytesRead / p.bytesTotal) : 0;
      const width = 30;
      const bar = '#'.repeat(Math.round(share * width)).padEnd(width, '.');
      const left =
        share > 0 ? ((1 - share) / share) * (p.rowsRead / Math.max(1, p.rowsPerSecond)) : 0;
      process.stderr.write(
        `\r[${bar}] ${(share * 100).toFixed(0).padStart(3)} % ${mb(p.bytesRead)}/${mb(p.bytesTotal)} ` +
          `${Math.round(p.rowsPerSecond).toLocaleString('en')} rows/s, ~${Math.ceil(left)} s left, ${p.file}   `,
      );
    });
    const summary = await run.catch(async (error: unknown) => {
      // the import's row says why it stopped, as the back office's failed imports do
      await imports.fail(id, error instanceof Error ? error.message : String(error));
      throw error;
    });
    if (tty) process.stderr.write('\n');
    // the observatory's figures follow the register: computed once, after the import
    const { recompute } = await import('../observatory/compute.service.ts');
    const observatory = await recompute(database.db, 'cli');
    if (!options.json)
      process.stderr.write(`Observatory recomputed in ${observatory.seconds.toFixed(2)} s\n`);
    if (options.json) {
      process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
      return;
    }
    const lines = [
      `Import #${summary.importId} done in ${summary.seconds.toFixed(1)} s (observations dated ${summary.asOf})`,
      `  establishment rows read   ${summary.establishmentRowsRead}`,
      `    in the territory        ${summary.establishmentsInTerritory}`,
      `  legal-unit rows read      ${summary.unitRowsRead}`,
      `    matched                 ${summary.unitsMatched}`,
      `  organisations kept        ${summary.organisationsKept}`,
      `    created / updated       ${summary.organisationsCreated} / ${summary.organisationsUpdated}`,
      `  establishments kept       ${summary.establishmentsKept}`,
      `    created / updated       ${summary.establishmentsCreated} / ${summary.establishmentsUpdated}`,
      `  headcount observations    +${summary.observationsAdded}`,
      ...(summary.observationsReplaced > 0
        ? [
            `    replaced                ${summary.observationsReplaced} (recorded for ${summary.asOf} with other figures: the later file wins)`,
          ]
        : []),
      `  rejected lines            ${summary.rejectedLines}`,
      ...summary.rejections.slice(0, 20).map((r) => `    ${r.file} line ${r.line}: ${r.reason}`),
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
  } finally {
    await database.close();
  }
}
