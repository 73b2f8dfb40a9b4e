import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import type { FileStorage } from '../kernel/file-storage.ts';
import { addMilestone, changeMilestone, milestoneProblems } from './accompaniment.service.ts';
import { recordDecision } from './decisions.service.ts';

/** when the demo's 2015 application was accepted: noon in Paris, made up like the call's dates */
export const DEMO_DECISION_AT = new Date('2015-07-03T10:00:00Z');

const REASONS =
  'Un programme construit, une équipe expérimentée et un accompagnement suivi. Le jury recommande un comité de suivi chaque trimestre. (Décision de démonstration.)';

/** the laureate's milestones: two done in 2015, the report of its first year never received */
const MILESTONES: { title: string; description: string; dueOn: string; doneAt?: string }[] = [
  {
    title: 'Convention d’accompagnement signée',
    description: 'Le hub et l’accélérateur signent la convention du label. (Démonstration.)',
    dueOn: '2015-07-31',
    doneAt: '2015-07-24T14:00:00Z',
  },
  {
    title: 'Premier comité de suivi',
    description:
      'Les start-ups de la première promotion présentent leurs progrès. (Démonstration.)',
    dueOn: '2015-10-15',
    doneAt: '2015-10-15T15:00:00Z',
  },
  {
    title: 'Rapport de la première année',
    description: 'Le bilan de l’accélérateur, un an après le label. (Démonstration.)',
    dueOn: '2016-07-01',
  },
];

/**
 * The demo's laureate, in the caller's transaction: the 2015 application accepted through the
 * decision's own steps (history, letter in the file store, decision, audit entries; no mail, no
 * label: that call confers none), by the hub's team unnamed, then its accompaniment's milestones
 * added and marked done as staff would. `keep` learns the letter's key once it is written, so
 * that a caller whose transaction fails deletes it.
 */
export async function acceptDemoLaureate(
  trx: Kysely<DB>,
  files: FileStorage,
  applicationId: number,
  keep: (key: string) => void,
): Promise<void> {
  await recordDecision(
    trx,
    { storage: files, clock: () => DEMO_DECISION_AT },
    { actorId: null, id: applicationId, outcome: 'accepted', reasons: REASONS, keep },
  );
  for (const { doneAt, ...milestone } of MILESTONES) {
    const problems = milestoneProblems(milestone);
    if (Object.keys(problems).length > 0) throw new Error(`demo milestone: ${milestone.title}`);
    const id = await addMilestone(trx, null, applicationId, milestone);
    if (doneAt) await changeMilestone(trx, null, id, { action: 'done' }, new Date(doneAt));
  }
}
