/** The texts of the API's reference page, in French (the reference). */

const STATUS_FR: Record<number, string> = {
  200: 'OK',
  201: 'créé',
  204: 'sans contenu',
  301: 'déplacé (ancienne adresse)',
  303: 'voir ailleurs',
  400: 'requête incorrecte',
  401: 'authentification requise',
  403: 'refusé',
  404: 'introuvable',
  409: 'conflit avec l’état actuel',
  410: 'supprimé',
  413: 'trop volumineux',
  422: 'données invalides',
  429: 'trop de requêtes',
};

export const apiDocsFr = {
  apiDocs: {
    title: 'Documentation de l’API',
    intro: (version: string) =>
      `L’API ouverte du hub, version ${version} : les données publiques (annuaire, observatoire, appels, lieu) et le compte de la personne connectée ou détentrice d’un jeton personnel. Les réponses sont en JSON.`,
    auth: 'Authentification : un jeton personnel, créé sur la page du compte, dans l’en-tête `Authorization: Bearer …` (sans jeton CSRF), ou la session du navigateur (une requête qui modifie porte alors l’en-tête `X-CSRF-Token`). Les données publiques n’en demandent pas.',
    language:
      'Langue des messages : l’en-tête `Accept-Language` (`fr` ou `en`), ou le paramètre `lang` là où il existe.',
    errorsShort:
      'Erreurs : `{"error": {"code", "message", "request_id"}}`, avec un statut HTTP qui dit leur nature.',
    english:
      'Les résumés et descriptions des points d’accès viennent du document OpenAPI, rédigé en anglais.',
    openapi: 'Le document OpenAPI 3 (JSON)',
    explorer: 'L’explorateur interactif (Swagger UI, environ 2 Mo de JavaScript)',
    contents: 'Sommaire',
    tags: {
      hub: 'Hub',
      accounts: 'Comptes et jetons',
      directory: 'Annuaire',
      observatory: 'Observatoire',
      programmes: 'Programmes et candidatures',
      juries: 'Jurys et évaluations',
      venue: 'Lieu et réservations',
      other: 'Exploitation',
    },
    parameters: 'Paramètres',
    name: 'Nom',
    in: 'Emplacement',
    type: 'Type',
    description: 'Description',
    places: { path: 'chemin', query: 'requête', header: 'en-tête', cookie: 'cookie' },
    required: 'obligatoire',
    values: 'valeurs :',
    requestBody: 'Corps de la requête',
    responses: 'Réponses',
    responseBody: (status: string) => `Corps de la réponse ${status}`,
    errorEnvelope: 'une erreur au format commun (voir les codes d’erreur)',
    statusText: (status: number) => STATUS_FR[status] ?? '',
    errorsTitle: 'Codes d’erreur',
    errorsIntro:
      'Chaque erreur répond `{"error": {"code": "…", "message": "…", "request_id": "…"}}` : le code ci-dessous, un message dans la langue demandée, et l’identifiant de la requête à citer en cas de problème.',
    code: 'Code',
    status: 'Statut HTTP',
    message: 'Message',
  },
};

export type ApiDocsText = typeof apiDocsFr;

declare module '../web/i18n/catalogue.ts' {
  interface CatalogueSections extends ApiDocsText {}
}
