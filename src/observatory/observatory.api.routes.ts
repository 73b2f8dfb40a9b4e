import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { observatoryPolicy as can } from './observatory.policy.ts';
import {
  objectiveDetail,
  objectiveDetailQuery,
  objectiveParams,
  objectivesResponse,
  perYearResponse,
} from './observatory.schema.ts';
import type { ObservatoryService } from './observatory.service.ts';

/** The observatory's API (JSON, documented in the OpenAPI document): what the pages show. */
export function observatoryApiRoutes(
  app: FastifyInstance,
  { observatory }: { observatory: ObservatoryService },
) {
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.get(
    '/api/v1/objectives',
    {
      config: { access: can.view, api: true },
      schema: {
        tags: ['observatory'],
        summary: 'The hub’s objectives: value, history, projection, with the date of the data',
        description:
          'What /observatoire shows, computed from the register after each import (never typed in). Accept-Language chooses the language of titles and descriptions.',
        response: { 200: objectivesResponse },
      },
    },
    async (request) => {
      const { state, items } = await observatory.objectives(request.locale);
      return { data_as_of: state.asOf, demo: state.demo, items };
    },
  );

  api.get(
    '/api/v1/objectives/:id',
    {
      config: { access: can.view, api: true },
      schema: {
        tags: ['observatory'],
        summary: 'One objective, with the organisations behind its value, a page at a time',
        description:
          'Each organisation comes with the headcount band (or exact figure) that counts, its year, its source and the date it was observed. organisations_total says how many there are; page and per_page walk through them (a page past the last is empty). A page or per_page that is not a whole number in range is a 400. The whole list as CSV: /observatoire/objectifs/{id}/organisations.csv.',
        params: objectiveParams,
        querystring: objectiveDetailQuery,
        response: { 200: objectiveDetail },
      },
    },
    async (request) => {
      const { page, per_page } = request.query;
      const detail = await observatory.objective(request.params.id, request.locale, {
        page,
        perPage: per_page,
      });
      return {
        ...detail.item,
        organisations: detail.organisations,
        organisations_total: detail.organisationsTotal,
        page: detail.page.number,
        per_page: detail.page.perPage,
        pages: detail.page.pages,
      };
    },
  );

  api.get(
    '/api/v1/indicators/per-year',
    {
      config: { access: can.view, api: true },
      schema: {
        tags: ['observatory'],
        summary: 'Creations and closures per year, with the date of the data',
        description:
          'What /observatoire charts: organisations by the year the register dates their creation and their closure. Closed organisations the register gives no date for are counted apart (date_unknown), never spread over years. Each year links to its organisations.',
        response: { 200: perYearResponse },
      },
    },
    async (request) => observatory.perYear(request.locale),
  );
}
