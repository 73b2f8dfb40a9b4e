import type { OperationsText } from './operations.fr.ts';

export const operationsEn: OperationsText = {
  operations: {
    failuresTitle: 'Failed jobs',
    failuresIntro:
      'The latest background jobs that failed for good, queue by queue: imports, publications, computations, mail.',
    none: 'No failure.',
    when: 'When',
    what: 'What',
    error: 'Error',
    attempts: 'Attempts',
    noAttempts: '—',
    noMessage: '(no message)',
    failedLastWeek: (n) =>
      n === 1 ? '1 job failed in the last 7 days' : `${n} jobs failed in the last 7 days`,
  },
};
