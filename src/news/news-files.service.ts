import { createHash, randomBytes } from 'node:crypto';
import type { NewsLocale } from '../db/schema.ts';
import { coreError } from '../kernel/errors.ts';
import type { FileStorage } from '../kernel/file-storage.ts';
import { type Actor, isStaff } from '../kernel/policy.ts';
import { articleOrNotFound, authorId, requireStaff } from './actors.ts';
import { ALLOWED_TYPES, detectType, safeFileName } from './files.ts';
import type { FileRow, NewsRepository } from './news.repository.ts';

/** The files attached to articles: kept, deleted, downloaded (part of the news service). */
export function newsFilesService(deps: { repo: NewsRepository; storage: FileStorage }) {
  const { repo, storage } = deps;
  return {
    /**
     * Keeps an uploaded file for an article: the type is read from the content, the name is
     * cleaned, the storage key is ours. Refuses (null) what may not be attached.
     */
    async addFile(
      actor: Actor,
      id: number,
      input: { content: Buffer; uploadedName: string; title: string; locale: NewsLocale },
    ): Promise<FileRow | 'badType'> {
      requireStaff(actor);
      await articleOrNotFound(repo, id);
      const mime = await detectType(input.content.subarray(0, 4100));
      if (!mime) return 'badType';
      const fileName = safeFileName(input.uploadedName, mime);
      const key = `news/${id}/${randomBytes(12).toString('hex')}.${ALLOWED_TYPES[mime]?.ext ?? 'bin'}`;
      await storage.put(key, input.content);
      const title = input.title.trim().slice(0, 200) || fileName.replace(/\.[^.]+$/, '');
      try {
        const fileId = await repo.addFile({
          article_id: id,
          storage_key: key,
          file_name: fileName,
          title_fr: title,
          title_en: title,
          content_type: mime,
          bytes: input.content.length,
          sha256: createHash('sha256').update(input.content).digest('hex'),
          created_by: authorId(actor),
        });
        const row = await repo.file(fileId);
        if (!row) throw coreError('INTERNAL');
        return row;
      } catch (error) {
        await storage.delete(key);
        throw error;
      }
    },

    async deleteFile(actor: Actor, id: number, fileId: number): Promise<void> {
      requireStaff(actor);
      const file = await repo.file(fileId);
      if (!file || file.article_id !== id) throw coreError('NOT_FOUND');
      await repo.deleteFile(fileId);
      await storage.delete(file.storage_key);
    },

    /** a file for download: public once a version of its article is, staff always */
    async download(actor: Actor, fileId: number) {
      const file = Number.isSafeInteger(fileId) && fileId > 0 ? await repo.file(fileId) : undefined;
      if (!file) throw coreError('NOT_FOUND');
      const versions = await repo.versions(file.article_id);
      // a file of an article no one may read yet is staff's only, and never kept by a cache
      const published = versions.some((v) => v.state === 'published');
      if (!published && !isStaff(actor)) throw coreError('NOT_FOUND');
      const stream = await storage.get(file.storage_key);
      if (!stream) throw coreError('NOT_FOUND');
      return { file, stream, published };
    },
  };
}
