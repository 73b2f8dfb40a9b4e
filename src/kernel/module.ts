import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import type { ReactNode } from 'react';
import type { EngineKind, PoolFigures } from '../db/engine.ts';
import type { DB } from '../db/schema.ts';
import type { Mailer } from '../mail/mailer.ts';
import type { PageContext } from '../web/context.ts';
import type { Catalogue, CatalogueSections } from '../web/i18n/catalogue.ts';
import type { AccessLines } from './access.ts';
import type { Config } from './config.ts';
import type { ErrorTable } from './errors.ts';
import type { Rule } from './policy.ts';

/** What every capability is built from: the database, the settings, the mail. */
export type Platform = {
  db: Kysely<DB>;
  config: Config;
  mailer: Mailer;
  /** read at each use: it is only known once the server listens when PORT=0 */
  publicUrl: () => string;
  /** the engine and its connections, for the operator's metrics (the server's platform has it) */
  engine?: { kind: EngineKind; pool(): PoolFigures };
};

/** a text of the catalogue, chosen once the language is known */
export type Text = (t: Catalogue) => string;

/** a link of the site's main navigation */
export type NavEntry = { path: string; label: Text; order: number };

/** a card of the back office's home page */
export type AdminEntry = {
  path: string;
  title: Text;
  intro?: Text;
  order: number;
  /** who sees the card (staff by default, as the page) */
  visible?: Rule;
  /** a line of what needs attention now (late milestones…), read when the back office's home shows */
  summary?: (t: Catalogue) => Promise<string | null>;
};

/** a block of the home page (latest news, objectives…): null when it has nothing to show */
export type HomeBlock = { order: number; render(ctx: PageContext): Promise<ReactNode | null> };

/** work a server process runs beside the requests (a job queue's worker, an index's build) */
export type BackgroundTask = {
  name: string;
  start(log: FastifyBaseLogger): void;
  /** ends the work under way; the database closes after every task stopped */
  stop(): Promise<void>;
};

/** how many jobs of a queue are in each state, and how late its oldest waiting one is */
export type QueueFigures = {
  counts: Readonly<Record<string, number>>;
  /** seconds since the oldest waiting job could have started; 0 when none waits */
  oldestWaitingSeconds: number;
};

/** a job that failed for good, as the back office lists it */
export type JobFailure = {
  id: number;
  failedAt: Date;
  /** what the job was about (a file's name, an article's title…) */
  what: Text;
  error: string;
  /** how many times it was tried, where the queue counts them */
  attempts: number | null;
};

/**
 * A table of background jobs, as its capability reads it for the operator: its figures, read at
 * each scrape of /metrics (every process reports the database's truth), and its recent failures.
 */
export type JobQueue = {
  /** the queue's name in the metrics: its table (`imports`, `mail_queue`…) */
  name: string;
  title: Text;
  /** every state a job of this queue may be in: each is reported, at 0 when none is */
  states: readonly string[];
  figures(): Promise<QueueFigures>;
  /** the latest failures, newest first */
  failures(limit: number): Promise<JobFailure[]>;
};

export type DemoAccount = { role: string; email: string; password: string };

/**
 * One capability, as the composition root (app/modules.ts) sees it. Everything the platform
 * gathers from capabilities — routes, texts, one-shot messages, error codes, navigation, the back
 * office's cards, the home page's blocks, the role × route lines, background work, job queues, demo data —
 * comes from these objects, so adding a capability is a folder and one line in that list.
 */
export type CapabilityModule = {
  name: string;
  /** its sections of the catalogue, in both languages */
  text?: { fr: Partial<CatalogueSections>; en: Partial<CatalogueSections> };
  /** its one-shot messages (reply.flash(key)), declared in FlashMessages too for the type checker */
  flash?: Readonly<Record<string, Text>>;
  /** the error codes it answers with */
  errors?: ErrorTable;
  nav?: readonly NavEntry[];
  /** links of every page's footer (legal notice, accessibility…) */
  footer?: readonly NavEntry[];
  /** its pages' English names, where they differ from the French ones: `{ '/appels': '/calls' }` */
  englishNames?: Readonly<Record<string, string>>;
  admin?: readonly AdminEntry[];
  home?: readonly HomeBlock[];
  /** its lines of the role × route matrix */
  access?: AccessLines;
  /** request hooks that run before any route's access rule */
  hooks?(app: FastifyInstance): void;
  routes?(app: FastifyInstance): void | Promise<void>;
  tasks?: readonly BackgroundTask[];
  /** its tables of jobs: figures in /metrics, failures in the back office */
  queues?: readonly JobQueue[];
  /** loads its demonstration data (once per database; `withAccounts` only on the embedded one) */
  demo?(options: { withAccounts: boolean }): Promise<DemoAccount[] | undefined>;
};
