import { type Kysely, sql } from 'kysely';
import type { DB } from '../db/schema.ts';

export type FileRow = {
  id: number;
  article_id: number;
  storage_key: string;
  file_name: string;
  title_fr: string;
  title_en: string;
  content_type: string;
  bytes: number;
  position: number;
  created_at: Date;
};

const FILE_COLUMNS = [
  'id',
  'article_id',
  'storage_key',
  'file_name',
  'title_fr',
  'title_en',
  'content_type',
  'bytes',
  'position',
  'created_at',
] as const;

/** The SQL of the files attached to articles (their content is in the file store). */
export function newsFilesRepository(db: Kysely<DB>) {
  return {
    async addFile(values: {
      article_id: number;
      storage_key: string;
      file_name: string;
      title_fr: string;
      title_en: string;
      content_type: string;
      bytes: number;
      sha256: string;
      created_by: string | null;
    }): Promise<number> {
      const row = await db
        .insertInto('news_files')
        .values({
          ...values,
          position: sql`(SELECT coalesce(max(position), 0) + 1 FROM news_files WHERE article_id = ${values.article_id})`,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      return row.id;
    },

    async files(articleId: number): Promise<FileRow[]> {
      return (await db
        .selectFrom('news_files')
        .select(FILE_COLUMNS)
        .where('article_id', '=', articleId)
        .orderBy('position')
        .execute()) as FileRow[];
    },

    async file(id: number): Promise<FileRow | undefined> {
      return (await db
        .selectFrom('news_files')
        .select(FILE_COLUMNS)
        .where('id', '=', id)
        .executeTakeFirst()) as FileRow | undefined;
    },

    async deleteFile(id: number): Promise<void> {
      await db.deleteFrom('news_files').where('id', '=', id).execute();
    },
  };
}
