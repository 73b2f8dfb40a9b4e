import { staffOnly } from '../kernel/access.ts';
import type { CapabilityModule } from '../kernel/module.ts';
import { adminEn } from './admin.en.ts';
import { adminFr } from './admin.fr.ts';
import { adminRoutes } from './admin.routes.ts';

/** The back office's home: one card per capability's page that the person may open. */
export function adminModule() {
  return {
    name: 'admin',
    text: { fr: adminFr, en: adminEn },
    admin: [{ path: '/api/docs', title: (t) => t.footer.apiDocs, order: 90 }],
    access: { 'GET /admin': staffOnly },
    routes(app) {
      adminRoutes(app);
    },
  } satisfies CapabilityModule;
}
