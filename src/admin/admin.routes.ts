import type { FastifyInstance } from 'fastify';
import { adminPolicy as can } from './admin.policy.ts';
import { AdminPage } from './pages/AdminPage.tsx';

export function adminRoutes(app: FastifyInstance) {
  app.get('/admin', { config: { access: can.viewDashboard } }, async (request, reply) => {
    return reply.html(AdminPage({ ctx: await request.pageContext() }));
  });
}
