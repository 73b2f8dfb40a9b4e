import path from 'node:path';
import { z } from 'zod';

const boolFlag = z
  .enum(['0', '1', 'true', 'false'])
  .transform((v) => v === '1' || v === 'true')
  .optional();

const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  PUBLIC_URL: z.url().optional(),
  DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must start with postgres:// or postgresql://')
    .optional(),
  TOTEM_DEMO: boolFlag,
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, 'must start with smtp:// or smtps://')
    .optional(),
  MAIL_FROM: z.string().min(3).default('Digital Grenoble <no-reply@totem.localhost>'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  TRUST_PROXY: boolFlag,
  IMPORT_MAX_MB: z.coerce.number().int().min(1).max(100_000).default(1024),
  IMPORT_FILES_KEEP_DAYS: z.coerce.number().int().min(0).max(3650).default(7),
  NEWS_FILE_MAX_MB: z.coerce.number().min(0.01).max(1024).default(20),
  SEARCH_INDEX_MIN_ORGANISATIONS: z.coerce.number().int().min(0).default(200),
  LOGO_FILE: z.string().min(1).optional(),
  EMBEDDED_COMPILER: z.enum(['baseline', 'tiered']).default('baseline'),
  LOG_REQUESTS: z
    .string()
    .regex(
      /^(all|errors|sample:(0(\.\d+)?|1(\.0+)?))$/,
      'must be all, errors or sample:SHARE (0 to 1)',
    )
    .default('sample:0.01'),
  LOG_SLOW_MS: z.coerce.number().int().min(1).default(1000),
  PAGE_CACHE_MB: z.coerce.number().min(0).max(16_384).default(64),
  METRICS_TOKEN: z
    .string()
    .regex(/^[\x21-\x7e]{32,}$/, 'must be at least 32 printable characters, without spaces')
    .optional(),
  BACKUP_DIR: z.string().min(1).optional(),
  BACKUP_KEEP: z.coerce.number().int().min(1).max(3650).default(7),
  BACKUP_HOUR: z.coerce.number().int().min(0).max(23).default(3),
});

export type Config = {
  port: number;
  host: string;
  /** where people reach Totem; filled in from the real port after listening when PORT=0 */
  publicUrl: string;
  publicUrlSet: boolean;
  dataDir: string;
  databaseUrl: string | undefined;
  /** undefined: the default for the engine (demo on a new embedded database, never on a server) */
  demo: boolean | undefined;
  smtpUrl: string | undefined;
  mailFrom: string;
  logLevel: z.infer<typeof envSchema>['LOG_LEVEL'];
  trustProxy: boolean;
  /** largest SIRENE file staff may upload from the back office */
  importMaxBytes: number;
  /** days an uploaded import's files are kept after the import ended, then deleted */
  importFilesKeepDays: number;
  /** largest file staff may attach to a news item */
  newsFileMaxBytes: number;
  /**
   * below this many organisations the directory's search is not indexed in memory: SQL answers,
   * within about 10 % of the index at that size (measured on the embedded database); 0 always
   * indexes
   */
  searchIndexMinOrganisations: number;
  /** an SVG file shown as the hub's logo in every page's header (default: public/logo.svg) */
  logoFile: string | undefined;
  /**
   * how V8 compiles the embedded database's WebAssembly in the server: 'baseline' only (about
   * 70 MB less memory) or 'tiered' (busy functions compiled again, optimised: queries 5–10 % faster)
   */
  embeddedCompiler: 'baseline' | 'tiered';
  /**
   * which answers get a log line besides errors (5xx) and slow ones, always logged: every one,
   * a random share of them, or none
   */
  logRequests: { mode: 'all' } | { mode: 'errors' } | { mode: 'sample'; share: number };
  /** an answer at least this slow is always logged (a warning) */
  slowRequestMs: number;
  /** the memory each process gives the pages it keeps for visitors (0: none kept) */
  pageCacheBytes: number;
  /** the secret a metrics scraper sends (`Authorization: Bearer …`) to read /metrics */
  metricsToken: string | undefined;
  /** the daily backup: its folder (off when unset), copies kept, the hour (Paris) it is made from */
  backup: { dir: string; keep: number; hour: number } | undefined;
};

export class ConfigError extends Error {
  constructor(readonly issues: string[]) {
    super(`Invalid configuration:\n${issues.map((i) => `  - ${i}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Reads the environment once, at start-up; a wrong value stops the start naming the variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const cleaned = Object.fromEntries(
    Object.entries(env).filter(([, v]) => v !== undefined && v !== ''),
  );
  const parsed = envSchema.safeParse(cleaned);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`),
    );
  }
  const e = parsed.data;
  const shownHost = displayHost(e.HOST);
  return {
    port: e.PORT,
    host: e.HOST,
    publicUrl: (e.PUBLIC_URL ?? `http://${shownHost}:${e.PORT}`).replace(/\/$/, ''),
    publicUrlSet: e.PUBLIC_URL !== undefined,
    dataDir: path.resolve(e.DATA_DIR),
    databaseUrl: e.DATABASE_URL,
    demo: e.TOTEM_DEMO,
    smtpUrl: e.SMTP_URL,
    mailFrom: e.MAIL_FROM,
    logLevel: e.LOG_LEVEL,
    trustProxy: e.TRUST_PROXY ?? false,
    importMaxBytes: e.IMPORT_MAX_MB * 1_048_576,
    importFilesKeepDays: e.IMPORT_FILES_KEEP_DAYS,
    newsFileMaxBytes: Math.round(e.NEWS_FILE_MAX_MB * 1_048_576),
    searchIndexMinOrganisations: e.SEARCH_INDEX_MIN_ORGANISATIONS,
    logoFile: e.LOGO_FILE === undefined ? undefined : path.resolve(e.LOGO_FILE),
    embeddedCompiler: e.EMBEDDED_COMPILER,
    logRequests: requestLogging(e.LOG_REQUESTS),
    slowRequestMs: e.LOG_SLOW_MS,
    pageCacheBytes: Math.round(e.PAGE_CACHE_MB * 1_048_576),
    metricsToken: e.METRICS_TOKEN,
    backup:
      e.BACKUP_DIR === undefined
        ? undefined
        : { dir: path.resolve(e.BACKUP_DIR), keep: e.BACKUP_KEEP, hour: e.BACKUP_HOUR },
  };
}

function requestLogging(value: string): Config['logRequests'] {
  if (value === 'all' || value === 'errors') return { mode: value };
  return { mode: 'sample', share: Number(value.slice('sample:'.length)) };
}

/** a host as it can be written in a URL: the loopback for "every interface", IPv6 in brackets */
export function displayHost(host: string): string {
  if (host === '0.0.0.0' || host === '::') return '127.0.0.1';
  return host.includes(':') ? `[${host}]` : host;
}
