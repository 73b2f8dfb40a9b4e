import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.ts';

describe('configuration', () => {
  it('has defaults that run the embedded database on 127.0.0.1:3000', () => {
    const c = loadConfig({});
    expect(c.port).toBe(3000);
    expect(c.host).toBe('127.0.0.1');
    expect(c.publicUrl).toBe('http://127.0.0.1:3000');
    expect(c.databaseUrl).toBeUndefined();
    expect(c.demo).toBeUndefined();
    expect(c.dataDir).toMatch(/data$/);
    expect(c.searchIndexMinOrganisations).toBe(200);
  });

  it('reads every variable', () => {
    const c = loadConfig({
      PORT: '8080',
      HOST: '0.0.0.0',
      DATABASE_URL: 'postgres://u@db:5432/totem',
      TOTEM_DEMO: '1',
      SMTP_URL: 'smtp://mail:25',
      PUBLIC_URL: 'https://hub.example.org/',
      TRUST_PROXY: 'true',
      LOG_LEVEL: 'warn',
      SEARCH_INDEX_MIN_ORGANISATIONS: '0',
    });
    expect(c).toMatchObject({
      port: 8080,
      publicUrl: 'https://hub.example.org',
      databaseUrl: 'postgres://u@db:5432/totem',
      demo: true,
      smtpUrl: 'smtp://mail:25',
      trustProxy: true,
      logLevel: 'warn',
      searchIndexMinOrganisations: 0,
    });
    expect(loadConfig({ HOST: '0.0.0.0' }).publicUrl).toBe('http://127.0.0.1:3000');
    expect(loadConfig({ TOTEM_DEMO: '0' }).demo).toBe(false);
  });

  it.each([
    ['PORT', 'eighty'],
    ['PORT', '70000'],
    ['DATABASE_URL', 'mysql://x'],
    ['METRICS_TOKEN', 'short'],
    ['METRICS_TOKEN', 'a token with spaces in it, long enough to pass'],
    ['TOTEM_DEMO', 'yes'],
    ['SMTP_URL', 'http://mail'],
    ['LOG_LEVEL', 'loud'],
    ['PUBLIC_URL', 'not a url'],
    ['SEARCH_INDEX_MIN_ORGANISATIONS', 'many'],
    ['SEARCH_INDEX_MIN_ORGANISATIONS', '-1'],
  ])('stops on a wrong %s, naming it', (name, value) => {
    expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ [name]: value })).toThrow(new RegExp(`${name}:`));
  });
});
