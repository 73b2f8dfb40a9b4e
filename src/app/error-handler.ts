import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { AppError, ERROR_STATUS, type ErrorCode } from '../kernel/errors.ts';
import { catalogue } from '../web/i18n/index.ts';
import { ErrorPage } from '../web/pages/ErrorPage.tsx';

/** Fastify's and its plugins' own errors, by code, in Totem's terms. */
const FRAMEWORK_CODES: Record<string, ErrorCode> = {
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
  if (hasZodFastifySchemaValidationErrors(error)) {
    return new AppError('BAD_REQUEST', error.message);
  }
  const e = error as FastifyError;
  const mapped = e.code ? FRAMEWORK_CODES[e.code] : undefined;
  if (mapped) return new AppError(mapped, e.message);
  // a body that is not valid JSON, a bad header: Fastify marks them 4xx
  if (typeof e.statusCode === 'number' && e.statusCode >= 400 && e.statusCode < 500) {
    const byStatus = (Object.keys(ERROR_STATUS) as ErrorCode[]).find(
      (c) => ERROR_STATUS[c] === e.statusCode,
    );
    return new AppError(byStatus ?? 'BAD_REQUEST', e.message);
  }
  return undefined;
}

function wantsJson(request: FastifyRequest): boolean {
  return request.url.startsWith('/api/') || request.routeOptions.config?.api === true;
}

async function respond(request: FastifyRequest, reply: FastifyReply, error: AppError) {
  const status = error.status;
  if (error.code === 'RATE_LIMITED') reply.header('retry-after', '60');
  if (wantsJson(request)) {
    const t = catalogue(request.locale);
    const message =
      error.code === 'BAD_REQUEST' || error.code === 'VALIDATION_FAILED'
        ? error.message
        : t.errors.code[error.code];
    return reply
      .code(status)
      .send({ error: { code: error.code, message, request_id: request.id } });
  }
  const ctx = await request.pageContext();
  return reply.html(ErrorPage({ ctx, status, code: error.code }), status);
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
      return await respond(request, reply, new AppError('INTERNAL'));
    } catch (renderError) {
      request.log.error({ err: renderError }, 'error page failed');
      return reply
        .code(500)
        .type('text/plain; charset=utf-8')
        .send(`Internal error. Request id: ${request.id}`);
    }
  });

  app.setNotFoundHandler(async (request, reply) =>
    respond(request, reply, new AppError('NOT_FOUND')),
  );
}
