import type { FastifyInstance } from 'fastify';
import type { NewsPicker } from './news.organisations.ts';
import type { NewsService } from './news.service.ts';
import { newsEditingRoutes } from './news-editing.routes.ts';
import { newsFilesRoutes } from './news-files.routes.ts';
import { newsProposalsRoutes } from './news-proposals.routes.ts';
import { newsRevisionsRoutes } from './news-revisions.routes.ts';

/** The back office of news (staff), and members' proposals. */
export function newsAdminRoutes(
  app: FastifyInstance,
  deps: { news: NewsService; publicUrl: () => string; maxBytes: number; picker: NewsPicker },
) {
  newsEditingRoutes(app, deps);
  newsRevisionsRoutes(app, deps);
  newsFilesRoutes(app, deps);
  newsProposalsRoutes(app, deps);
}
