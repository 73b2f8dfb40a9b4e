import type { FastifyInstance } from 'fastify';
import {
  type RelationInput,
  type RoundInput,
  relationForm,
  roundForm,
} from './connections.schema.ts';
import { type ConnectionsService, directedOf } from './connections.service.ts';
import {
  RelationsPage,
  type RelationsView,
  RoundsPage,
  type RoundsView,
} from './pages/ConnectionsPage.tsx';
import { type Subresource, subresourceRoutes } from './subresource.routes.ts';

/** relations between the profile's organisation and others, at /annuaire/:slug/relations */
function relations(connections: ConnectionsService): Subresource<RelationInput, RelationsView> {
  return {
    path: 'relations',
    picker: 'other',
    form: relationForm,
    flash: { saved: 'relationSaved', removed: 'relationRemoved' },
    view: connections.relationsPage,
    page: RelationsPage,
    async edited(actor, slug, id) {
      const { relation } = await connections.relationToEdit(actor, slug, id);
      const values = {
        type: directedOf(relation),
        started_on: relation.started_on ?? '',
        ended_on: relation.ended_on ?? '',
        note: relation.note ?? '',
      };
      return { values, chosen: [relation.other] };
    },
    save: connections.saveRelation,
    remove: connections.removeRelation,
  };
}

/** the profile's organisation's funding rounds, at /annuaire/:slug/levees */
function rounds(connections: ConnectionsService): Subresource<RoundInput, RoundsView> {
  return {
    path: 'levees',
    picker: 'investor',
    form: roundForm,
    flash: { saved: 'roundSaved', removed: 'roundRemoved' },
    view: connections.roundsPage,
    page: RoundsPage,
    async edited(actor, slug, id) {
      const { round } = await connections.roundToEdit(actor, slug, id);
      const values = {
        announced_on: round.announced_on,
        amount: round.amount_eur === null ? '' : String(round.amount_eur),
        stage: round.stage,
      };
      return { values, chosen: round.investors };
    },
    save: connections.saveRound,
    remove: connections.removeRound,
  };
}

/**
 * Relations and funding rounds, recorded from the profile's editing pages: each a sub-resource of
 * the profile (a list with edit and remove buttons, and a form that adds or, at /:id, changes one
 * record), described here and served by subresource.routes.ts.
 */
export function connectionsRoutes(app: FastifyInstance, deps: { connections: ConnectionsService }) {
  const { connections } = deps;
  subresourceRoutes(app, connections, relations(connections));
  subresourceRoutes(app, connections, rounds(connections));
}
