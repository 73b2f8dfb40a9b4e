import { capabilities } from '../../src/app/modules.ts';
import { loadConfig } from '../../src/kernel/config.ts';
import type { CapabilityModule } from '../../src/kernel/module.ts';

/**
 * The capability modules as the server builds them, without a database: building a module
 * touches nothing (no query, no file), so their declarations (access lines, texts, messages) can
 * be read before any test runs, as `it.each` needs them.
 */
export function declaredModules(): CapabilityModule[] {
  return capabilities({
    db: {} as never,
    config: loadConfig({ LOG_LEVEL: 'silent' }),
    mailer: { kind: 'outbox' } as never,
    publicUrl: () => 'http://totem.test',
  }).modules;
}
