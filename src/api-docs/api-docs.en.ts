import type { ApiDocsText } from './api-docs.fr.ts';

const STATUS_EN: Record<number, string> = {
  200: 'OK',
  201: 'created',
  204: 'no content',
  301: 'moved (former address)',
  303: 'see other',
  400: 'bad request',
  401: 'authentication required',
  403: 'forbidden',
  404: 'not found',
  409: 'conflict with the current state',
  410: 'gone',
  413: 'too large',
  422: 'invalid data',
  429: 'too many requests',
};

/** The API's reference page in English: the same keys as the French. */
export const apiDocsEn: ApiDocsText = {
  apiDocs: {
    title: 'API documentation',
    intro: (version) =>
      `The hub’s open API, version ${version}: public data (directory, observatory, calls, venue) and the account of whoever is signed in or holds a personal token. Answers are JSON.`,
    auth: 'Authentication: a personal token, created on the account page, in the `Authorization: Bearer …` header (no CSRF token), or the browser’s session (a request that changes something then carries the `X-CSRF-Token` header). Public data needs neither.',
    language:
      'Language of messages: the `Accept-Language` header (`fr` or `en`), or the `lang` parameter where there is one.',
    errorsShort:
      'Errors: `{"error": {"code", "message", "request_id"}}`, with an HTTP status that says what kind.',
    english: 'The endpoints’ summaries and descriptions come from the OpenAPI document.',
    openapi: 'The OpenAPI 3 document (JSON)',
    explorer: 'The interactive explorer (Swagger UI, about 2 MB of JavaScript)',
    contents: 'Contents',
    tags: {
      hub: 'Hub',
      accounts: 'Accounts and tokens',
      directory: 'Directory',
      observatory: 'Observatory',
      programmes: 'Programmes and applications',
      juries: 'Juries and reviews',
      venue: 'Venue and bookings',
      other: 'Operations',
    },
    parameters: 'Parameters',
    name: 'Name',
    in: 'In',
    type: 'Type',
    description: 'Description',
    places: { path: 'path', query: 'query', header: 'header', cookie: 'cookie' },
    required: 'required',
    values: 'values:',
    requestBody: 'Request body',
    responses: 'Responses',
    responseBody: (status) => `Body of the ${status} response`,
    errorEnvelope: 'an error in the common shape (see the error codes)',
    statusText: (status) => STATUS_EN[status] ?? '',
    errorsTitle: 'Error codes',
    errorsIntro:
      'Every error answers `{"error": {"code": "…", "message": "…", "request_id": "…"}}`: the code below, a message in the language asked for, and the request’s identifier to quote when reporting a problem.',
    code: 'Code',
    status: 'HTTP status',
    message: 'Message',
  },
};
