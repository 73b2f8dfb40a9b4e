import type { FastifyInstance } from 'fastify';
import { everyone } from '../kernel/access.ts';
import { coreError } from '../kernel/errors.ts';
import type { CapabilityModule } from '../kernel/module.ts';
import { anyone } from '../kernel/policy.ts';
import { apiDocsEn } from './api-docs.en.ts';
import { apiDocsFr } from './api-docs.fr.ts';
import { endpointsByTag, type OpenApiDocument } from './openapi-doc.ts';
import { ApiDocsPage, type ErrorCode } from './pages/ApiDocsPage.tsx';

/** every error code of the platform and its capabilities, in one language, by status then code */
function errorCodes(app: FastifyInstance, locale: 'fr' | 'en'): ErrorCode[] {
  const tables = [coreError.table, ...app.capabilities.map((m) => m.errors ?? {})];
  const codes = new Map<string, ErrorCode>();
  for (const table of tables) {
    for (const [code, spec] of Object.entries(table)) {
      codes.set(code, { code, status: spec.status, message: spec[locale] });
    }
  }
  return [...codes.values()].sort((a, b) => a.status - b.status || a.code.localeCompare(b.code));
}

/**
 * The API's reference at /api/docs: the OpenAPI document (`/api/openapi.json`, unchanged) drawn
 * on the server in the site's language and style — each path, method, parameters, request and
 * response schemas, error codes — with no script. Swagger UI stays at /api/docs/explorer/.
 */
export function apiDocsModule() {
  return {
    name: 'apiDocs',
    text: { fr: apiDocsFr, en: apiDocsEn },
    access: { 'GET /api/docs': everyone },
    routes(app) {
      app.get('/api/docs', { config: { access: anyone } }, async (request, reply) => {
        const doc = app.swagger() as OpenApiDocument;
        const ctx = await request.pageContext();
        return reply.html(
          ApiDocsPage({
            ctx,
            doc,
            groups: endpointsByTag(doc),
            errors: errorCodes(app, request.locale),
          }),
        );
      });
    },
  } satisfies CapabilityModule;
}
