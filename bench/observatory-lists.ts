/**
 * Observatory lists: an objective counting BENCH_LIST_ORGS organisations (40 000 by default).
 * Times a page of its organisations (the first and the last, by offset), and the whole list as
 * CSV, streamed in batches, against a peer in the same run: the directory's CSV export of the
 * same organisations, which streams the same way. Goal: the figure's CSV within twice the
 * directory's time, with every row in it. PGlite always; the server too when TEST_DATABASE_URL
 * is set. Writes bench/results/observatory-lists.json and prints the table.
 */
import type { EngineKind } from '../src/db/engine.ts';
import { searchQuery } from '../src/directory/directory.schema.ts';
import { directoryService } from '../src/directory/directory.service.ts';
import { csvChunks } from '../src/directory/export.ts';
import { recompute } from '../src/observatory/compute.service.ts';
import { memberCsvChunks } from '../src/observatory/members-csv.ts';
import { observatoryService } from '../src/observatory/observatory.service.ts';
import { createTestDatabase } from '../test/support/engines.ts';
import { buildManyOrganisations } from '../test/support/factories.ts';
import { envInt, log, timed } from './lib/log.ts';
import { machine, writeResults } from './lib/machine.ts';
import { type RssReport, rssSampler } from './lib/rss.ts';
import { type Latency, measure } from './lib/stats.ts';
import { type Cell, formatTable } from './lib/table.ts';

const ORGS = envInt('BENCH_LIST_ORGS', 40_000);
const GOAL_RATIO = 2;

type Download = { seconds: number; rows: number; bytes: number; rss: RssReport };

async function consume(chunks: AsyncIterable<string>): Promise<Download> {
  const sampler = rssSampler();
  const { seconds, value } = await timed(async () => {
    let bytes = 0;
    let lines = 0;
    for await (const chunk of chunks) {
      bytes += Buffer.byteLength(chunk);
      for (let i = chunk.indexOf('\n'); i !== -1; i = chunk.indexOf('\n', i + 1)) lines++;
    }
    return { bytes, rows: lines - 1 };
  });
  return { seconds, ...value, rss: sampler.stop() };
}

type EngineResult = {
  engine: EngineKind;
  organisations: number;
  recomputeSeconds: number;
  firstPage: Latency;
  lastPage: Latency;
  figureCsv: Download;
  directoryCsv: Download;
  ratio: number;
  goalMet: boolean;
};

async function onEngine(engine: EngineKind): Promise<EngineResult> {
  const database = await createTestDatabase(engine);
  try {
    log(`${engine}: ${ORGS} organisations of 1 000 to 1 999 employees`);
    await buildManyOrganisations(database.db, {
      count: ORGS,
      prefix: 'Entreprise',
      band: '42',
      fields: ['objets-connectes'],
    });
    log(`${engine}: recomputing`);
    const { seconds: recomputeSeconds } = await timed(() => recompute(database.db, 'cli'));
    const observatory = observatoryService(database.db);
    const objectives = (await observatory.objectives('fr')).items;
    const champion = objectives.find((o) => o.value === ORGS);
    if (!champion) throw new Error(`no objective counts ${ORGS}`);
    const pages = Math.ceil(ORGS / 100);

    log(`${engine}: page 1 and page ${pages} of the objective's organisations`);
    const page = (n: number) => () =>
      observatory.objective(champion.id, 'fr', { page: n, perPage: 100, clamp: true });
    const firstPage = await measure(page(1), { warmups: 3, runs: 20 });
    const lastPage = await measure(page(pages), { warmups: 3, runs: 20 });

    log(`${engine}: the objective's organisations as CSV`);
    const { batches } = await observatory.memberBatches({ objective: champion.id }, 'fr');
    const figureCsv = await consume(memberCsvChunks(batches, 'https://example.org'));
    if (figureCsv.rows !== ORGS) throw new Error(`CSV has ${figureCsv.rows} rows, not ${ORGS}`);

    log(`${engine}: peer: the directory's CSV export of the same organisations`);
    const directory = directoryService(database.db);
    const directoryCsv = await consume(
      csvChunks(directory.export(searchQuery.parse({}), 'fr'), 'https://example.org'),
    );
    const ratio = figureCsv.seconds / directoryCsv.seconds;
    return {
      engine,
      organisations: ORGS,
      recomputeSeconds,
      firstPage,
      lastPage,
      figureCsv,
      directoryCsv,
      ratio: Math.round(ratio * 100) / 100,
      goalMet: ratio <= GOAL_RATIO,
    };
  } finally {
    await database.close();
  }
}

export async function run(): Promise<void> {
  const host = machine();
  const engines: EngineKind[] = process.env.TEST_DATABASE_URL ? ['pglite', 'postgres'] : ['pglite'];
  const results: EngineResult[] = [];
  for (const engine of engines) results.push(await onEngine(engine));
  const written = await writeResults('observatory-lists', {
    machine: { ...host, loadAverageAtEnd: machine().loadAverage },
    goal: `the figure's CSV within ${GOAL_RATIO}× the directory export's time, every row in it`,
    engines: results,
  });
  const rows: Cell[][] = results.map((r) => [
    r.engine,
    r.organisations,
    r.firstPage.p50,
    r.lastPage.p50,
    r.figureCsv.seconds.toFixed(2),
    r.directoryCsv.seconds.toFixed(2),
    r.ratio,
    r.figureCsv.rss.peakMB - r.figureCsv.rss.startMB,
    r.goalMet ? 'yes' : 'no',
  ]);
  process.stdout.write(
    `${formatTable(
      `Observatory lists (load average ${host.loadAverage.join(' ')})`,
      [
        'engine',
        'organisations',
        'page 1 p50 ms',
        'last page p50 ms',
        'figure CSV s',
        'directory CSV s (peer)',
        'ratio',
        'RSS growth MB',
        `≤ ${GOAL_RATIO}×`,
      ],
      rows,
    )}\n`,
  );
  log(`results written to ${written}`);
}
