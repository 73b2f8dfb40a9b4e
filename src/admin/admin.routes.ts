import type { FastifyInstance } from 'fastify';
import { adminPolicy as can } from './admin.policy.ts';
import { AdminPage } from './pages/AdminPage.tsx';

export function adminRoutes(app: FastifyInstance) {
  app.get('/admin', { config: { access: can.viewDashboard } }, async (request, reply) => {
    const ctx = await request.pageContext();
    // what needs attention, told by the cards that have something to say (one after the other)
    const summaries: (string | null)[] = [];
    for (const card of ctx.adminCards) summaries.push((await card.summary?.()) ?? null);
    return reply.html(AdminPage({ ctx, summaries }));
  });
}
