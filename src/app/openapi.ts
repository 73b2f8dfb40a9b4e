import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import { jsonSchemaTransform } from 'fastify-type-provider-zod';

/** OpenAPI 3 generated from the routes' Zod schemas: only /api routes are documented. */
export async function registerOpenApi(app: FastifyInstance) {
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Totem API',
        description:
          'The open API of the hub: public data, and the account of whoever is signed in or holds a personal token (`Authorization: Bearer …`). Errors answer `{"error": {"code", "message", "request_id"}}`.',
        version: '1',
      },
      components: {
        securitySchemes: {
          bearer: {
            type: 'http',
            scheme: 'bearer',
            description:
              'A personal API token, created on the account page (or with `totem tokens create`): the request acts as its owner, with their role, and needs no CSRF token.',
          },
        },
      },
      // public routes answer without it; the others say 401 without a token or a session
      security: [{}, { bearer: [] }],
    },
    transform: (input) => {
      const out = jsonSchemaTransform(input);
      const url = input.url;
      if (!url.startsWith('/api/v1') && url !== '/healthz' && url !== '/readyz') {
        return { ...out, schema: { ...out.schema, hide: true } };
      }
      return out;
    },
  });
  await app.register(swaggerUi, {
    // the interactive explorer; /api/docs is the reference drawn on the server (api-docs/)
    routePrefix: '/api/docs/explorer',
    staticCSP: true,
    uiConfig: { docExpansion: 'list', deepLinking: false },
  });
  app.get(
    '/api/openapi.json',
    { config: { access: () => true, api: true }, schema: { hide: true } },
    async () => app.swagger(),
  );
}
