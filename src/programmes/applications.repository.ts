import { type Kysely, sql } from 'kysely';
import type { ApplicationState, DB } from '../db/schema.ts';

export type ApplicationRow = {
  id: number;
  call_id: number;
  form_version: number;
  organisation_id: string;
  applicant_id: string;
  state: ApplicationState;
  answers: Record<string, unknown>;
  version: number;
  acknowledgement: string | null;
  started_at: Date;
  submitted_at: Date | null;
  updated_at: Date;
  is_demo: boolean;
  /** the fields a correction request opens, and why (empty unless correction_requested) */
  correction_fields: string[];
  correction_note: string;
};

export type HistoryRow = {
  from_state: ApplicationState | null;
  to_state: ApplicationState;
  actor_id: string | null;
  at: Date;
  note: string;
};

const COLUMNS = [
  'id',
  'call_id',
  'form_version',
  'organisation_id',
  'applicant_id',
  'state',
  'answers',
  'version',
  'acknowledgement',
  'started_at',
  'submitted_at',
  'updated_at',
  'is_demo',
  'correction_fields',
  'correction_note',
] as const;

/** The SQL of applications and their history. */
export function applicationsRepository(db: Kysely<DB>) {
  return {
    async insert(a: {
      call_id: number;
      form_version: number;
      organisation_id: string;
      applicant_id: string;
      answers: Record<string, unknown>;
      started_at: Date;
      is_demo: boolean;
    }): Promise<ApplicationRow> {
      return (await db
        .insertInto('programme_applications')
        .values({ ...a, answers: JSON.stringify(a.answers), updated_at: a.started_at })
        .returning(COLUMNS)
        .executeTakeFirstOrThrow()) as ApplicationRow;
    },

    find(id: number): Promise<ApplicationRow | undefined> {
      return db
        .selectFrom('programme_applications')
        .select(COLUMNS)
        .where('id', '=', id)
        .executeTakeFirst() as Promise<ApplicationRow | undefined>;
    },

    /** the row, locked until the caller's transaction ends */
    lock(id: number): Promise<ApplicationRow | undefined> {
      return db
        .selectFrom('programme_applications')
        .select(COLUMNS)
        .where('id', '=', id)
        .forUpdate()
        .executeTakeFirst() as Promise<ApplicationRow | undefined>;
    },

    /** the organisation's application to the call that is not withdrawn */
    live(callId: number, organisationId: string) {
      return db
        .selectFrom('programme_applications')
        .select(['id'])
        .where('call_id', '=', callId)
        .where('organisation_id', '=', organisationId)
        .where('state', '<>', 'withdrawn')
        .executeTakeFirst();
    },

    /** writes answers only over the version read, and only while editable; the row, or undefined */
    async saveAnswers(
      id: number,
      version: number,
      answers: Record<string, unknown>,
      at: Date,
    ): Promise<ApplicationRow | undefined> {
      return (await db
        .updateTable('programme_applications')
        .set({ answers: JSON.stringify(answers), version: sql`version + 1`, updated_at: at })
        .where('id', '=', id)
        .where('version', '=', version)
        .where('state', 'in', ['draft', 'correction_requested'])
        .returning(COLUMNS)
        .executeTakeFirst()) as ApplicationRow | undefined;
    },

    /**
     * Moves the application to a state. A correction request names its fields and note; any
     * other change clears them.
     */
    async changeState(
      id: number,
      state: ApplicationState,
      at: Date,
      submission?: { acknowledgement: string },
      correction?: { fields: string[]; note: string },
    ): Promise<ApplicationRow> {
      return (await db
        .updateTable('programme_applications')
        .set({
          state,
          version: sql`version + 1`,
          updated_at: at,
          correction_fields: correction?.fields ?? [],
          correction_note: correction?.note ?? '',
          ...(submission ? { acknowledgement: submission.acknowledgement, submitted_at: at } : {}),
        })
        .where('id', '=', id)
        .returning(COLUMNS)
        .executeTakeFirstOrThrow()) as ApplicationRow;
    },

    async record(entry: {
      application_id: number;
      from_state: ApplicationState | null;
      to_state: ApplicationState;
      actor_id: string | null;
      at: Date;
      note?: string;
    }): Promise<void> {
      await db.insertInto('programme_application_history').values(entry).execute();
    },

    history(id: number): Promise<HistoryRow[]> {
      return db
        .selectFrom('programme_application_history')
        .select(['from_state', 'to_state', 'actor_id', 'at', 'note'])
        .where('application_id', '=', id)
        .orderBy('id')
        .execute();
    },
  };
}
