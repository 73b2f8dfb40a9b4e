import { everyone, signedInOnly, staffOnly } from '../kernel/access.ts';
import type { CapabilityModule } from '../kernel/module.ts';

/** every route of the venue's pages, and who may reach it (checked by test/access.integration.test.ts) */
export const spacesAccess = {
  'GET /lieu': everyone,
  'GET /lieu/espaces/:slug': everyone,
  'GET /lieu/photos/:id': everyone,
  'GET /admin/lieu': staffOnly,
  'POST /admin/lieu/batiment': staffOnly,
  'POST /admin/lieu/fermetures': staffOnly,
  'POST /admin/lieu/fermetures/:id/supprimer': staffOnly,
  'GET /admin/lieu/espaces/nouveau': staffOnly,
  'POST /admin/lieu/espaces/nouveau': staffOnly,
  'GET /admin/lieu/espaces/:id': staffOnly,
  'POST /admin/lieu/espaces/:id': staffOnly,
  'POST /admin/lieu/espaces/:id/horaires': staffOnly,
  'POST /admin/lieu/espaces/:id/photos': staffOnly,
  'POST /admin/lieu/photos/:id/supprimer': staffOnly,
  'POST /admin/lieu/espaces/:id/supprimer': staffOnly,
  'POST /admin/lieu/photos/:id': staffOnly,
  'POST /admin/lieu/photos/:id/deplacer': staffOnly,
  'GET /admin/lieu/formules': staffOnly,
  'POST /admin/lieu/formules': staffOnly,
  'POST /admin/lieu/formules/:id': staffOnly,
  'POST /admin/lieu/formules/titulaires': staffOnly,
  'POST /admin/lieu/formules/titulaires/retirer': staffOnly,
  'POST /admin/lieu/formules/:id/supprimer': staffOnly,
  'GET /admin/lieu/reservations': staffOnly,
  'POST /admin/lieu/reservations/nouvelle': staffOnly,
  'POST /admin/lieu/reservations/:id/confirmer': staffOnly,
  'POST /admin/lieu/reservations/:id/annuler': staffOnly,
  'POST /admin/lieu/reservations/:id/deplacer': staffOnly,
  'GET /admin/lieu/occupation': staffOnly,
  'GET /admin/lieu/occupation.csv': staffOnly,
} satisfies CapabilityModule['access'];

/** the member's booking pages (added once the booking engine is there) */
export const bookingPagesAccess = {
  'GET /lieu/reservations': signedInOnly,
  'GET /lieu/reservations/nouvelle': signedInOnly,
  'POST /lieu/reservations/nouvelle': signedInOnly,
  'GET /lieu/reservations/:id/annuler': signedInOnly,
  'POST /lieu/reservations/:id/annuler': signedInOnly,
  'POST /lieu/reservations/:id/presence': signedInOnly,
  'GET /lieu/reservations/repetee': signedInOnly,
  'POST /lieu/reservations/repetee': signedInOnly,
  'POST /lieu/reservations/agenda': signedInOnly,
  'POST /lieu/reservations/agenda/revoquer': signedInOnly,
  'POST /lieu/reservations/attente': signedInOnly,
  'POST /lieu/reservations/attente/:id/accepter': signedInOnly,
  'POST /lieu/reservations/attente/:id/quitter': signedInOnly,
} satisfies CapabilityModule['access'];
