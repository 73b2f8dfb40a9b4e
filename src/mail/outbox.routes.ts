import type { FastifyInstance } from 'fastify';
import { coreError } from '../kernel/errors.ts';
import { outboxPolicy as can } from './outbox.policy.ts';
import type { outboxRepository } from './outbox.repository.ts';
import { OutboxListPage, OutboxMessagePage } from './pages/OutboxPages.tsx';

export function outboxRoutes(app: FastifyInstance, outbox: ReturnType<typeof outboxRepository>) {
  app.get('/admin/outbox', { config: { access: can.read } }, async (request, reply) => {
    const [ctx, entries] = await Promise.all([request.pageContext(), outbox.list()]);
    return reply.html(OutboxListPage({ ctx, entries }));
  });

  app.get<{ Params: { id: string } }>(
    '/admin/outbox/:id',
    { config: { access: can.read } },
    async (request, reply) => {
      const entry = await outbox.find(request.params.id);
      if (!entry) throw coreError('NOT_FOUND');
      return reply.html(OutboxMessagePage({ ctx: await request.pageContext(), entry }));
    },
  );
}
