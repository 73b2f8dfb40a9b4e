import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Mailer, outboxMailer, smtpMailer } from './mailer.ts';
import { outboxRepository } from './outbox.repository.ts';

type Received = { to: string; raw: string };

/** One contract for every transport: what was sent arrives whole, with its UTF-8 intact. */
type Transport = {
  name: string;
  setUp(): Promise<{ mailer: Mailer; received(): Promise<Received[]>; tearDown(): Promise<void> }>;
};

const outbox: Transport = {
  name: 'outbox folder',
  async setUp() {
    const dir = await mkdtemp(path.join(tmpdir(), 'totem-outbox-'));
    const repo = outboxRepository(dir);
    return {
      mailer: outboxMailer(dir, 'Hub <hub@example.org>'),
      async received() {
        const entries = await repo.list();
        return Promise.all(
          entries.map(async (e) => ({
            to: e.to,
            raw: await readFile(path.join(dir, `${e.id}.eml`), 'utf8'),
          })),
        );
      },
      tearDown: () => rm(dir, { recursive: true, force: true }),
    };
  },
};

const smtp: Transport = {
  name: 'SMTP',
  async setUp() {
    const got: Received[] = [];
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      onData(stream, session, callback) {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          got.push({
            to: session.envelope.rcptTo.map((r) => r.address).join(','),
            raw: Buffer.concat(chunks).toString('utf8'),
          });
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.server.address() as AddressInfo;
    return {
      mailer: smtpMailer(`smtp://127.0.0.1:${port}`, 'Hub <hub@example.org>'),
      received: async () => got,
      tearDown: () => new Promise<void>((resolve) => server.close(() => resolve())),
    };
  },
};

describe.each([outbox, smtp])('mail through the $name transport', (transport) => {
  let env: Awaited<ReturnType<Transport['setUp']>>;
  beforeAll(async () => {
    env = await transport.setUp();
  });
  afterAll(async () => env?.tearDown());

  it('delivers a message to its recipient with its subject and body', async () => {
    await env.mailer.send({
      to: 'lea@example.org',
      subject: 'Réinitialisation — Digital Grenoble',
      text: 'Bonjour Léa,\n\nVoici le lien : https://hub.example.org/reinitialiser-mot-de-passe?token=abc',
    });
    const received = await env.received();
    expect(received).toHaveLength(1);
    expect(received[0]?.to).toBe('lea@example.org');
    // the raw message, as a mail client would read it
    const parsed = await simpleParser(received[0]?.raw ?? '');
    expect(parsed.subject).toBe('Réinitialisation — Digital Grenoble');
    expect(parsed.from?.value[0]?.address).toBe('hub@example.org');
    expect(parsed.text).toContain('Bonjour Léa,');
    expect(parsed.text).toContain('https://hub.example.org/reinitialiser-mot-de-passe?token=abc');
  });

  it('keeps two messages sent at once apart', async () => {
    await Promise.all([
      env.mailer.send({ to: 'a@example.org', subject: 'A', text: 'first' }),
      env.mailer.send({ to: 'b@example.org', subject: 'B', text: 'second' }),
    ]);
    const to = (await env.received()).map((r) => r.to);
    expect(to).toEqual(expect.arrayContaining(['a@example.org', 'b@example.org']));
  });
});

describe('the outbox folder', () => {
  it('writes the raw message beside the readable entry, and ignores strange names', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'totem-outbox-'));
    try {
      await outboxMailer(dir, 'hub@example.org').send({
        to: 'x@example.org',
        subject: 'S',
        text: 'T',
      });
      const files = await readdir(dir);
      expect(files.filter((f) => f.endsWith('.eml'))).toHaveLength(1);
      expect(files.filter((f) => f.endsWith('.json'))).toHaveLength(1);
      expect(await outboxRepository(dir).find('../../etc/passwd')).toBeUndefined();
      expect(await outboxRepository(path.join(dir, 'missing')).list()).toEqual([]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
