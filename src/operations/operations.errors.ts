import { defineErrors } from '../kernel/errors.ts';

export const operationsError = defineErrors({
  METRICS_TOKEN_INVALID: {
    status: 401,
    fr: 'Ce jeton ne donne pas accès aux métriques.',
    en: 'This token does not open the metrics.',
  },
});
