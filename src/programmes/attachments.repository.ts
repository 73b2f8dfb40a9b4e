import type { Kysely } from 'kysely';
import type { AttachmentMediaType, DB } from '../db/schema.ts';

export type AttachmentRow = {
  id: number;
  application_id: number;
  field_key: string;
  original_name: string;
  stored_name: string;
  media_type: AttachmentMediaType;
  size: number;
  sha256: string;
  uploaded_by: string | null;
  uploaded_at: Date;
};

const COLUMNS = [
  'id',
  'application_id',
  'field_key',
  'original_name',
  'stored_name',
  'media_type',
  'size',
  'sha256',
  'uploaded_by',
  'uploaded_at',
] as const;

/** The SQL of the files attached to applications. */
export function attachmentsRepository(db: Kysely<DB>) {
  return {
    insert(a: Omit<AttachmentRow, 'id' | 'uploaded_at'> & { uploaded_at: Date }) {
      return db
        .insertInto('programme_attachments')
        .values(a)
        .returning(COLUMNS)
        .executeTakeFirstOrThrow() as Promise<AttachmentRow>;
    },

    /** one file of one application */
    find(applicationId: number, id: number): Promise<AttachmentRow | undefined> {
      return db
        .selectFrom('programme_attachments')
        .select(COLUMNS)
        .where('id', '=', id)
        .where('application_id', '=', applicationId)
        .executeTakeFirst() as Promise<AttachmentRow | undefined>;
    },

    /** the application's files, as its pages list them */
    listed(applicationId: number) {
      return db
        .selectFrom('programme_attachments')
        .select(['id', 'field_key', 'original_name', 'size'])
        .where('application_id', '=', applicationId)
        .orderBy('id')
        .execute();
    },

    /** those of these ids that belong to the application */
    async ofApplication(applicationId: number, ids: readonly number[]) {
      if (ids.length === 0) return [];
      return db
        .selectFrom('programme_attachments')
        .select(['id', 'field_key'])
        .where('application_id', '=', applicationId)
        .where('id', 'in', ids)
        .execute();
    },

    /** removes the field's other files (the answer names one file); their stored names */
    async deleteOthers(applicationId: number, fieldKey: string, keep: number): Promise<string[]> {
      const rows = await db
        .deleteFrom('programme_attachments')
        .where('application_id', '=', applicationId)
        .where('field_key', '=', fieldKey)
        .where('id', '<>', keep)
        .returning('stored_name')
        .execute();
      return rows.map((r) => r.stored_name);
    },

    /** removes a file's row; the stored name, to delete the file once the transaction is over */
    async delete(applicationId: number, id: number): Promise<string | undefined> {
      const row = await db
        .deleteFrom('programme_attachments')
        .where('id', '=', id)
        .where('application_id', '=', applicationId)
        .returning('stored_name')
        .executeTakeFirst();
      return row?.stored_name;
    },
  };
}
