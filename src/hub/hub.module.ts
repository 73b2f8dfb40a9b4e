import { everyone, staffOnly } from '../kernel/access.ts';
import type { CapabilityModule, HomeBlock, Platform } from '../kernel/module.ts';
import { hubEn } from './hub.en.ts';
import { hubFr } from './hub.fr.ts';
import { hubRoutes } from './hub.routes.ts';
import { hubService } from './hub.service.ts';
import { settingsRoutes } from './settings.routes.ts';
import { settingsService } from './settings.service.ts';

const hubFlash = { settingsSaved: (t) => t.settings.saved } satisfies CapabilityModule['flash'];

declare module '../web/http.ts' {
  interface FlashMessages extends Record<keyof typeof hubFlash, true> {}
}

/**
 * The hub itself: its name, territory and fields (the other capabilities read them through its
 * service), the home page — which shows the blocks every capability adds — and the staff's settings.
 */
export function hubModule(platform: Platform, homeBlocks: () => readonly HomeBlock[]) {
  const hub = hubService(platform.db);
  return {
    name: 'hub',
    api: hub,
    text: { fr: hubFr, en: hubEn },
    flash: hubFlash,
    nav: [{ path: '/', label: (t) => t.nav.home, order: 0 }],
    admin: [
      {
        path: '/admin/parametres',
        title: (t) => t.settings.title,
        intro: (t) => t.settings.intro,
        order: 20,
      },
    ],
    access: {
      'GET /': everyone,
      'GET /api/v1/hub': everyone,
      'GET /admin/parametres': staffOnly,
      'POST /admin/parametres': staffOnly,
    },
    routes(app) {
      hubRoutes(app, hub, homeBlocks);
      settingsRoutes(app, { settings: settingsService(platform.db) });
    },
  } satisfies CapabilityModule & { api: unknown };
}
