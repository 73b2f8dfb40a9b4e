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
          'The open API of the hub: read-only public data, and the signed-in account. Errors answer `{"error": {"code", "message"}}`.',
        version: '1',
      },
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
    routePrefix: '/api/docs',
    staticCSP: true,
    uiConfig: { docExpansion: 'list', deepLinking: false },
  });
  app.get(
    '/api/openapi.json',
    { config: { access: () => true, api: true }, schema: { hide: true } },
    async () => app.swagger(),
  );
}
