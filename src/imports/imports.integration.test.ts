import { randomBytes } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestApp,
  signUp,
  type TestApp,
  type TestClient,
  uniqueEmail,
} from '../../test/support/app.ts';
import { engines } from '../../test/support/engines.ts';
import { usersRepository } from '../accounts/users.repository.ts';
import type { EngineKind } from '../db/engine.ts';
import { writeNationalEstablishments } from '../sirene/sample/national.ts';
import { writeSireneSample } from '../sirene/sample/sample.ts';
import { startImportWorker } from './import.worker.ts';
import { importsRepository } from './imports.repository.ts';

/** a multipart body as a browser sends a form with files */
function multipart(
  files: Record<string, { name: string; content: Buffer }>,
  fields: Record<string, string> = {},
) {
  const boundary = `----totem${randomBytes(8).toString('hex')}`;
  const parts: Buffer[] = [];
  for (const [name, value] of Object.entries(fields)) {
    parts.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`,
      ),
    );
  }
  for (const [name, file] of Object.entries(files)) {
    parts.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="${name}"; filename="${file.name}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
      ),
      file.content,
      Buffer.from('\r\n'),
    );
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { body: Buffer.concat(parts), type: `multipart/form-data; boundary=${boundary}` };
}

/** A server of one engine with a staff member signed in, and the token of the imports form. */
type Uploads = { t: TestApp; staff: TestClient; dir: string; token: string };

function uploadsOn(engine: EngineKind): Uploads {
  const s = {} as Uploads;
  beforeAll(async () => {
    s.t = await createTestApp(engine, { IMPORT_MAX_MB: '1' });
    s.dir = await mkdtemp(path.join(tmpdir(), 'totem-upload-'));
    const email = uniqueEmail('staff');
    s.staff = await signUp(s.t.app, { email });
    const users = usersRepository(s.t.database.db);
    const user = await users.findByEmail(email);
    if (user) await users.setRole(user.id, 'staff');
    const page = await s.staff.get('/admin/imports');
    s.token = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1] ?? '';
    // the token travels in the body, never in the form's address (logs, Referer headers)
    expect(page.body).toMatch(/<form[^>]*action="\/admin\/imports"/);
    expect(page.body).not.toMatch(/action="[^"]*_csrf/);
  });
  afterAll(async () => {
    await s.t?.close();
    if (s.dir) await rm(s.dir, { recursive: true, force: true });
  });
  return s;
}

/** the form as a browser sends it: the token first, then the files */
function upload(
  s: Uploads,
  files: Record<string, { name: string; content: Buffer }>,
  fields: Record<string, string> = { _csrf: s.token },
  headers: Record<string, string> = {},
) {
  const { body, type } = multipart(files, fields);
  return s.t.app.inject({
    method: 'POST',
    url: '/admin/imports',
    payload: body,
    remoteAddress: s.staff.remoteAddress,
    headers: {
      'content-type': type,
      cookie: [...s.staff.cookies].map(([k, v]) => `${k}=${v}`).join('; '),
      ...headers,
    },
  });
}

describe.each(engines())('SIRENE uploads imported from the back office on %s', (engine) => {
  const s = uploadsOn(engine);

  it('queues an uploaded file, and the worker imports it; the job survives a restart', async () => {
    const sample = await writeSireneSample({
      directory: s.dir,
      rows: 400,
      seed: 3,
      compression: 'gzip',
    });
    const res = await upload(s, {
      establishments: { name: 'etab.csv.gz', content: await readFile(sample.establishmentsPath) },
      units: { name: 'ul.csv.gz', content: await readFile(sample.unitsPath) },
    });
    expect(res.statusCode, res.body.slice(0, 300)).toBe(303);
    const [queued] = await importsRepository(s.t.database.db).list();
    expect(queued?.status).toBe('queued');
    expect(queued?.files.map((f) => f.name)).toEqual(['etab.csv.gz', 'ul.csv.gz']);
    expect(queued?.files.map((f) => path.basename(f.path))).toEqual([
      'establishments.csv.gz',
      'units.csv.gz',
    ]);

    // a worker that "crashed" mid-job, in its merge: the row stays running with an old heartbeat
    await s.t.database.db
      .updateTable('imports')
      .set({
        status: 'running',
        phase: 'merging',
        heartbeat_at: new Date(Date.now() - 3_600_000),
      })
      .where('id', '=', queued?.id ?? 0)
      .execute();
    const running = await s.staff.get('/admin/imports');
    expect(running.body).toContain('En cours');
    expect(running.body).toContain('fusion dans l’annuaire en cours');
    // without a script the page reloads itself while an import runs, and no longer once done
    expect(running.body).toContain(
      '<noscript><meta http-equiv="refresh" content="10"/></noscript>',
    );
    const worker = startImportWorker(s.t.database.db, s.t.app.log, 3_600_000);
    expect(await worker.runOnce()).toBe(true);
    await worker.stop();
    const done = await importsRepository(s.t.database.db).find(queued?.id ?? 0);
    expect(done?.status).toBe('done');
    const summary = done?.summary as { organisationsCreated: number } | undefined;
    expect(summary?.organisationsCreated).toBeGreaterThan(10);
    const page = await s.staff.get('/admin/imports');
    expect(page.body).toContain('Terminé');
    expect(page.body).not.toContain('fusion dans l’annuaire en cours');
    expect(page.body).not.toContain('http-equiv="refresh"');
  });

  it('lists an import’s rejected lines, each with its file, number and reason', async () => {
    const sample = await writeSireneSample({
      directory: path.join(s.dir, 'malformed'),
      rows: 300,
      seed: 4,
      malformed: true,
    });
    expect(sample.malformedLines.length).toBeGreaterThan(4);
    const res = await upload(s, {
      establishments: { name: 'etab.csv', content: await readFile(sample.establishmentsPath) },
      units: { name: 'ul.csv', content: await readFile(sample.unitsPath) },
    });
    expect(res.statusCode, res.body.slice(0, 300)).toBe(303);
    const worker = startImportWorker(s.t.database.db, s.t.app.log, 3_600_000);
    expect(await worker.runOnce()).toBe(true);
    await worker.stop();
    const page = await s.staff.get('/admin/imports');
    expect(page.body).toContain('Lignes rejetées');
    // the reader's reasons, said in French on the French page
    const french = {
      'field count': 'champs au lieu de',
      'broken quoting': 'du texte après le guillemet fermant d’un champ',
      'unterminated quote': 'un guillemet ouvert n’est jamais refermé',
      'invalid SIREN': 'clé de contrôle du SIREN fausse',
    };
    for (const bad of sample.malformedLines) {
      const file = bad.file === sample.establishmentsPath ? 'Établissements' : 'Unités légales';
      expect(page.body).toContain(`${file}, ligne ${bad.line} : `);
      const at = page.body.indexOf(`${file}, ligne ${bad.line} : `);
      expect(page.body.slice(at, at + 200)).toContain(french[bad.reason]);
    }
    const english = await s.staff.get('/en/admin/imports');
    expect(english.body).toContain('invalid SIREN checksum');
  });

  it('stops an upload whose lines are all rejected, and shows why with its first lines', async () => {
    const file = await writeNationalEstablishments({
      base: path.join(s.dir, 'all-bad'),
      rows: 2000,
      badSirenEvery: 1,
    });
    const res = await upload(s, {
      establishments: { name: 'not-sirene.csv', content: await readFile(file.path) },
    });
    expect(res.statusCode, res.body.slice(0, 300)).toBe(303);
    const worker = startImportWorker(s.t.database.db, s.t.app.log, 3_600_000);
    expect(await worker.runOnce()).toBe(true);
    await worker.stop();
    const [failed] = await importsRepository(s.t.database.db).list();
    expect(failed?.status).toBe('failed');
    expect(failed?.error).toContain('ce fichier ne ressemble pas à un stock SIRENE : 100 %');
    const page = await s.staff.get('/admin/imports');
    expect(page.body).toContain('Établissements, ligne 2 : clé de contrôle du SIREN fausse');
    expect(page.body).toContain('Les 100 premières seulement.');
  });
});

describe.each(engines())('SIRENE uploads refused by the back office on %s', (engine) => {
  const s = uploadsOn(engine);

  it('refuses a disguised file, an empty form and a file without the columns, clearly', async () => {
    const png = Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      randomBytes(200),
    ]);
    const disguised = await upload(s, {
      establishments: { name: 'StockEtablissement_utf8.csv', content: png },
    });
    expect(disguised.statusCode).toBe(422);
    expect(disguised.body).toContain('n’est pas un fichier SIRENE lisible');
    const empty = await upload(s, {});
    expect(empty.statusCode).toBe(422);
    expect(empty.body).toContain('Choisissez au moins un fichier.');
    const columns = await upload(s, {
      units: { name: '../../etc/passwd.csv', content: Buffer.from('"siren","nic"\n"1","2"\n') },
    });
    expect(columns.statusCode).toBe(422);
    expect(columns.body).toContain('Colonnes obligatoires absentes');
    expect(columns.body).toContain('statutDiffusionUniteLegale');
  });

  it('refuses a file over the size limit with 413 and keeps nothing', async () => {
    const before = (await importsRepository(s.t.database.db).list()).length;
    const big = Buffer.concat([Buffer.from('"siren","nic"\n'), Buffer.alloc(2 * 1_048_576, 0x41)]);
    const res = await upload(s, { establishments: { name: 'big.csv', content: big } });
    expect(res.statusCode).toBe(413);
    expect(res.body).toContain('dépasse la taille autorisée (1 MB)');
    expect((await importsRepository(s.t.database.db).list()).length).toBe(before);
  });

  it('refuses an upload whose token is missing, wrong or not first, and writes nothing', async () => {
    const before = (await importsRepository(s.t.database.db).list()).length;
    const sample = Buffer.from('"siren","nic"\n"1","2"\n');
    const file = { establishments: { name: 'etab.csv', content: sample } };
    const answers = [
      await upload(s, file, {}),
      await upload(s, file, { _csrf: 'forged-token' }),
      await upload(s, file, { allSectors: '1', _csrf: s.token }),
    ];
    for (const res of answers) {
      expect(res.statusCode).toBe(403);
      expect(res.body).toContain('Le formulaire a expiré ou ne provient pas de ce site');
    }
    // a token in the address is not taken any more
    const { body, type } = multipart(file);
    const inQuery = await s.t.app.inject({
      method: 'POST',
      url: `/admin/imports?_csrf=${encodeURIComponent(s.token)}`,
      payload: body,
      remoteAddress: s.staff.remoteAddress,
      headers: {
        'content-type': type,
        cookie: [...s.staff.cookies].map(([k, v]) => `${k}=${v}`).join('; '),
      },
    });
    expect(inQuery.statusCode).toBe(403);
    expect((await importsRepository(s.t.database.db).list()).length).toBe(before);
    const left = await readdir(path.join(s.t.dataDir, 'imports')).catch(() => []);
    const kept = await Promise.all(left.map((d) => readdir(path.join(s.t.dataDir, 'imports', d))));
    expect(kept.flat().filter((f) => f.includes('etab'))).toEqual([]);
  });

  it('refuses a body announced far larger than the limit before reading it', async () => {
    // a 2 GB upload announces itself: the answer comes from the header alone
    const res = await upload(
      s,
      { establishments: { name: 'huge.csv', content: Buffer.from('"siren"\n') } },
      { _csrf: s.token },
      { 'content-length': String(2 * 1024 * 1_048_576) },
    );
    expect(res.statusCode).toBe(413);
    expect(res.body).toContain('dépasse la taille autorisée (1 MB)');
  });
});
