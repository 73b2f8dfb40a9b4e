import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { AppError, type CoreErrorCode, coreError } from '../kernel/errors.ts';
import { ErrorPage } from '../web/pages/ErrorPage.tsx';

/** Fastify's and its plugins' own errors, by code, in Totem's terms. */
const FRAMEWORK_CODES: Record<string, CoreErrorCode> = {
  FST_CSRF_INVALID_TOKEN: 'CSRF_INVALID',
  FST_CSRF_MISSING_SECRET: 'CSRF_INVALID',
  FST_ERR_CTP_BODY_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'BAD_REQUEST',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'BAD_REQUEST',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'BAD_REQUEST',
  FST_ERR_VALIDATION: 'BAD_REQUEST',
};

function toAppError(error: unknown): AppError | undefined {
  if (error instanceof AppError) return error;
  if (hasZodFastifySchemaValidationErrors(error)) return coreError('BAD_REQUEST', error.message);
  const e = error as FastifyError;
  const mapped = e.code ? FRAMEWORK_CODES[e.code] : undefined;
  if (mapped) return coreError(mapped, e.message);
  // a body that is not valid JSON, a bad header: Fastify marks them 4xx
  if (typeof e.statusCode === 'number' && e.statusCode >= 400 && e.statusCode < 500) {
    const table = coreError.table;
    const byStatus = (Object.keys(table) as CoreErrorCode[]).find(
      (c) => table[c].status === e.statusCode,
    );
    return coreError(byStatus ?? 'BAD_REQUEST', e.message);
  }
  return undefined;
}

function wantsJson(request: FastifyRequest): boolean {
  return request.url.startsWith('/api/') || request.routeOptions.config?.api === true;
}

/** the details of a malformed request are worth showing an API client; others get the code's text */
const SAYS_WHAT_IS_WRONG = new Set(['BAD_REQUEST', 'VALIDATION_FAILED']);

async function respond(request: FastifyRequest, reply: FastifyReply, error: AppError) {
  const status = error.status;
  if (wantsJson(request)) {
    const message =
      SAYS_WHAT_IS_WRONG.has(error.code) && coreError.is(error)
        ? error.message
        : error.text(request.locale);
    return reply
      .code(status)
      .send({ error: { code: error.code, message, request_id: request.id } });
  }
  const ctx = await request.pageContext();
  return reply.html(
    ErrorPage({
      ctx,
      status,
      message: error.text(request.locale),
      signIn: error.code === 'UNAUTHENTICATED',
    }),
    status,
  );
}

/** The one place where errors become HTTP answers: JSON under /api, a page elsewhere. */
export function registerErrorHandling(app: FastifyInstance) {
  app.setErrorHandler(async (error, request, reply) => {
    const known = toAppError(error);
    if (known) {
      if (known.status >= 500) request.log.error({ err: error }, 'request failed');
      return respond(request, reply, known);
    }
    request.log.error({ err: error }, 'unexpected error');
    try {
      return await respond(request, reply, coreError('INTERNAL'));
    } catch (renderError) {
      request.log.error({ err: renderError }, 'error page failed');
      return reply
        .code(500)
        .type('text/plain; charset=utf-8')
        .send(`Internal error. Request id: ${request.id}`);
    }
  });

  app.setNotFoundHandler(async (request, reply) => respond(request, reply, coreError('NOT_FOUND')));
}
