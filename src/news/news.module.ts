import path from 'node:path';
import { everyone, signedInOnly, staffOnly } from '../kernel/access.ts';
import { filesystemStorage } from '../kernel/file-storage.ts';
import type { BackgroundTask, CapabilityModule, Platform } from '../kernel/module.ts';
import type { MailAudience, MailChoice } from '../mail/mail-choice.ts';
import { startDigestWorker } from './digest.worker.ts';
import { newsAdminRoutes } from './news.admin.routes.ts';
import { loadNewsDemo } from './news.demo.ts';
import { newsEn } from './news.en.ts';
import { newsError } from './news.errors.ts';
import { newsFr } from './news.fr.ts';
import type { NewsOrganisations, NewsPicker } from './news.organisations.ts';
import { newsRoutes } from './news.routes.ts';
import { newsService } from './news.service.ts';
import { LatestNews } from './pages/LatestNews.tsx';
import { publicationQueue } from './publication.queue.ts';
import { startPublicationWorker } from './publication.worker.ts';

const newsFlash = {
  newsSaved: (t) => t.news.editor.saved,
  newsFileAdded: (t) => t.news.editor.uploaded,
  newsFileDeleted: (t) => t.news.editor.deleted,
  newsRestored: (t) => t.news.revisions.restored,
  newsRetried: (t) => t.news.admin.retried,
  newsProposed: (t) => t.news.propose.sent,
  newsRejected: (t) => t.news.admin.rejectedNotice,
} satisfies CapabilityModule['flash'];

declare module '../web/http.ts' {
  interface FlashMessages extends Record<keyof typeof newsFlash, true> {}
}

/**
 * News: articles in each language, their files, scheduled publication (every server process runs
 * the publisher), feeds and the sitemap; members' proposals; the home page's latest news. The
 * organisations an article links to and a member speaks for are the directory's answers.
 */
export function newsModule(
  platform: Platform,
  deps: {
    organisations: NewsOrganisations;
    /** the directory's organisation picker, for the editor's linked organisations */
    picker: NewsPicker;
    /** the digest's readers and each mail's unsubscribe line (accounts keep the choices) */
    mailOf?: MailChoice;
    subscribers?: MailAudience;
  },
) {
  const { db, config, publicUrl } = platform;
  const { organisations } = deps;
  const storage = filesystemStorage(path.join(config.dataDir, 'files'));
  const news = newsService({ db, storage, maxBytes: config.newsFileMaxBytes, organisations });
  let publisher: ReturnType<typeof startPublicationWorker> | undefined;
  const publication: BackgroundTask = {
    name: 'publication',
    // scheduled news: what fell due while the server was down goes out now
    start(log) {
      publisher = startPublicationWorker(db, storage, log);
    },
    async stop() {
      await publisher?.stop();
    },
  };
  let digester: ReturnType<typeof startDigestWorker> | undefined;
  const digest: BackgroundTask = {
    name: 'news digest',
    // on Monday morning, the week's articles to those who asked for them
    start(log) {
      digester = startDigestWorker(db, log, {
        publicUrl,
        mailOf: deps.mailOf,
        subscribers: deps.subscribers,
      });
    },
    async stop() {
      await digester?.stop();
    },
  };
  return {
    name: 'news',
    text: { fr: { news: newsFr }, en: { news: newsEn } },
    flash: newsFlash,
    errors: newsError.table,
    nav: [{ path: '/actualites', label: (t) => t.news.nav, order: 20 }],
    admin: [
      {
        path: '/admin/actualites',
        title: (t) => t.news.admin.title,
        intro: (t) => t.news.admin.intro,
        order: 50,
      },
    ],
    home: [
      {
        order: 10,
        async render(ctx) {
          const items = await news.latest(ctx.locale, 3);
          return items.length > 0 ? LatestNews({ ctx, items }) : null;
        },
      },
    ],
    access: {
      'GET /actualites': everyone,
      'GET /actualites/flux.rss': everyone,
      'GET /actualites/flux.atom': everyone,
      'GET /actualites/:slug': everyone,
      'GET /actualites/fichiers/:id/:name': everyone,
      'GET /sitemap.xml': everyone,
      'GET /robots.txt': everyone,
      'GET /actualites/proposer': signedInOnly,
      'POST /actualites/proposer': signedInOnly,
      'GET /admin/actualites': staffOnly,
      'GET /admin/actualites/nouveau': staffOnly,
      'POST /admin/actualites/nouveau': staffOnly,
      'GET /admin/actualites/:id/:lang': staffOnly,
      'POST /admin/actualites/:id/:lang': staffOnly,
      'GET /admin/actualites/:id/:lang/apercu': staffOnly,
      'POST /admin/actualites/:id/:lang/reessayer': staffOnly,
      'POST /admin/actualites/:id/refuser': staffOnly,
      'GET /admin/actualites/:id/revisions': staffOnly,
      'GET /admin/actualites/:id/revisions/:version': staffOnly,
      'POST /admin/actualites/:id/revisions/:version/restaurer': staffOnly,
      'POST /admin/actualites/:id/fichiers': staffOnly,
      'POST /admin/actualites/:id/fichiers/:file/supprimer': staffOnly,
    },
    routes(app) {
      newsRoutes(app, { news, publicUrl });
      newsAdminRoutes(app, {
        news,
        publicUrl,
        maxBytes: config.newsFileMaxBytes,
        picker: deps.picker,
      });
    },
    tasks: [publication, digest],
    queues: [publicationQueue(db)],
    async demo() {
      await loadNewsDemo(db, config.dataDir, organisations);
      return undefined;
    },
  } satisfies CapabilityModule;
}
