import { createHash } from 'node:crypto';
import path from 'node:path';
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { filesystemStorage } from '../kernel/file-storage.ts';
import { articleSnapshot } from './articles.ts';
import { linkOrganisations, type NewsOrganisations } from './news.organisations.ts';
import { newsRepository } from './news.repository.ts';

/**
 * The seed document is the first news item: the French text as published on 14 November 2014,
 * in "Notre offre > Actualités". Its press release is not available; the attachment is a PDF
 * made here from the article's own text, and its title and first lines say so. The English
 * version is written for the demo and marked as a translation. The whole item is marked as demo
 * content.
 */
const PUBLISHED_AT = new Date('2014-11-14T11:00:00Z');

const FR = {
  title: 'Grenoble décroche le label "French Tech"',
  slug: 'grenoble-decroche-le-label-french-tech',
  summary:
    'Grenoble est l\'une des 9 métropoles avec Aix-Marseille, Bordeaux, Lille, Lyon, Nantes, Montpellier, Rennes et Toulouse, a avoir obtenu le label "French Tech". Une quinzaine de candidatures avaient été déposées.',
  paragraphs: [
    '## La métropole grenobloise labellisée French Tech !',
    "La capitale des Alpes figure dans la liste des premières villes à recevoir le label French Tech, a annoncé mercredi 12 novembre la secrétaire d'État au Numérique Axelle Lemaire. Une annonce qui réjouit le collectif local, regroupé sous la bannière Digital Grenoble. Le projet French Tech grenoblois est porté par Grenoble-Alpes Métropole, en partenariat avec la communauté de communes du Grésivaudan et en association avec la Chambre de Commerce et d'Industrie de Grenoble.",
    "« C'est une nouvelle extrêmement réconfortante pour l'économie de notre agglomération » a réagi le président de Grenoble-Alpes Métropole Christophe Ferrari. « Nous le savons, la filière numérique constitue l'une des réponses à la question des futurs gisements d'emplois pour notre pays. La métropole grenobloise dispose de tous les talents pour en faire l'un de ses atouts-maîtres. L'engouement qui s'est manifesté autour de la candidature grenobloise témoigne de la forte ambition d'innover des acteurs de l'écosystème numérique local et de l'envie de réussir collectivement. »",
    "Piloté par le fondateur du centre de recherche de l'Inria Jean-Pierre Verjus pour le compte de Grenoble-Alpes Métropole, le projet Digital Grenoble a rapidement su fédérer l'ensemble de l'écosystème numérique de la capitale des Alpes : start-ups, accélérateurs, investisseurs, clusters, espaces de co-working, PME, grands groupes internationaux, collectivités et établissements de l'enseignement supérieur et de la recherche.",
    [
      "La métropole grenobloise est d'ores et déjà particulièrement bien engagée pour prendre toute sa place dans plusieurs champs de développement promis à un grand avenir :",
      '-La capacité à développer des objets connectés (à puces et à logiciels)',
      "-La capacité qu'ont les fournisseurs à connaître les besoins de leurs clients par l'intermédiaire de l'informatique (ex : Spartoo)",
      "-Le secteur de l'énergie numérique",
      '-Le secteur de la santé numérique.',
    ],
    "Digital Grenoble se dote de plus d'un objectif ambitieux pour les 10 ans à venir : voir naître sur le territoire métropolitain un nouveau Tech Champion qui emploiera plus de 1000 personnes, ainsi qu'une dizaine d'entreprises de plusieurs centaines d'emplois.",
    [
      'Dès les prochaines semaines, Digital Grenoble va trouver ses premières concrétisations :',
      ".Fin 2014 : création de l'association Digital Grenoble, préfigurative de la structure privée qui sera mise en place en juin 2015.",
      ".Janvier 2015 : Installation dans le Bâtiment-Totem (bâtiment Pasteur « Orange », Grenoble Chavant) de l'équipe d'animation « Digital Grenoble » sur 650 m2. Le bâtiment sera doté d'un espace ouvert au grand public, adossé à un espace de coworking et des espaces de showroom pour l'écosystème.",
      '.Courant 2015 : accompagnement des accélérateurs dans leur démarche de labellisation',
    ],
    'Source : extrait communiqué de Presse Digital Grenoble 14/11/2014 (voir en PJ)',
  ] as (string | string[])[],
};

const EN = {
  title: 'Grenoble wins the "French Tech" label',
  slug: 'grenoble-wins-the-french-tech-label',
  summary:
    'Grenoble is one of the 9 métropoles, with Aix-Marseille, Bordeaux, Lille, Lyon, Nantes, Montpellier, Rennes and Toulouse, to have been awarded the "French Tech" label. About fifteen candidacies had been submitted.',
  paragraphs: [
    '*Translation of the French article of 14 November 2014, written for this site.*',
    '## The Grenoble métropole labelled French Tech!',
    'The capital of the Alps is on the list of the first cities to receive the French Tech label, announced on Wednesday 12 November by Axelle Lemaire, Minister of State for Digital Affairs. The news delights the local collective, gathered under the banner Digital Grenoble. The Grenoble French Tech project is carried by Grenoble-Alpes Métropole, in partnership with the Communauté de communes du Grésivaudan and in association with the Chamber of Commerce and Industry of Grenoble.',
    '"This is extremely heartening news for the economy of our conurbation," said Christophe Ferrari, president of Grenoble-Alpes Métropole. "As we know, the digital sector is one of the answers to the question of where our country\'s future jobs will come from. The Grenoble métropole has all the talent to make it one of its trump cards. The enthusiasm around the Grenoble candidacy shows the strong ambition to innovate of the local digital ecosystem and its wish to succeed together."',
    'Led for Grenoble-Alpes Métropole by Jean-Pierre Verjus, founder of the Inria research centre, the Digital Grenoble project quickly brought together the whole digital ecosystem of the capital of the Alps: start-ups, accelerators, investors, clusters, coworking spaces, SMEs, large international groups, local authorities, and higher-education and research establishments.',
    [
      'The Grenoble métropole is already well placed to take its full share in several fields of development with a great future:',
      '- the ability to develop connected objects (chips and software)',
      "- the ability of suppliers to know their customers' needs through IT (e.g. Spartoo)",
      '- digital energy',
      '- digital health.',
    ],
    'Digital Grenoble also sets itself an ambitious objective for the next 10 years: to see a new Tech Champion employing more than 1,000 people born in the métropole, along with about ten companies of several hundred employees.',
    [
      'In the coming weeks, Digital Grenoble will take its first concrete steps:',
      '- End of 2014: creation of the Digital Grenoble association, forerunner of the private structure to be set up in June 2015.',
      '- January 2015: the "Digital Grenoble" animation team moves into the Totem building (the "Orange" Pasteur building, Grenoble Chavant), on 650 m². The building will have a space open to the public, next to a coworking space and showroom spaces for the ecosystem.',
      '- During 2015: support for the accelerators through their labelling process.',
    ],
    'Source: extract from the Digital Grenoble press release of 14/11/2014 (see attachment).',
  ] as (string | string[])[],
};

/** Markdown with the published line breaks kept (a backslash ends a line inside a paragraph). */
const markdownOf = (paragraphs: (string | string[])[]) =>
  paragraphs.map((p) => (Array.isArray(p) ? p.join('\\\n') : p)).join('\n\n');

const PDF_TITLE_FR = "Texte de l'article (le communiqué de presse original n'est pas disponible)";
const PDF_TITLE_EN = 'Text of the article (the original press release is not available)';

/** A PDF of the article's text, which says on its first lines what it is and what it is not. */
export async function articleTextPdf(): Promise<Buffer> {
  const { default: PDFDocument } = await import('pdfkit');
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({
      size: 'A4',
      margin: 56,
      info: {
        Title: `${FR.title} — ${PDF_TITLE_FR}`,
        Subject: "Document établi à partir du texte de l'article du 14 novembre 2014",
        Creator: 'Totem',
      },
    });
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    doc.font('Helvetica-Oblique').fontSize(9).fillColor('#444444');
    doc.text(
      "Document établi à partir du texte de l'article publié le 14 novembre 2014. Le communiqué de presse " +
        "original de Digital Grenoble, auquel l'article renvoie, n'est pas disponible : ce PDF n'en est pas une copie.",
    );
    doc.moveDown();
    doc.font('Helvetica-Bold').fontSize(16).fillColor('#000000').text(FR.title);
    doc.moveDown(0.5);
    doc.font('Helvetica').fontSize(11).text(FR.summary);
    for (const p of FR.paragraphs) {
      doc.moveDown(0.7);
      if (typeof p === 'string' && p.startsWith('## ')) {
        doc.font('Helvetica-Bold').fontSize(13).text(p.slice(3));
        doc.font('Helvetica').fontSize(11);
      } else {
        doc.text(Array.isArray(p) ? p.join('\n') : p);
      }
    }
    doc.end();
  });
}

export async function loadNewsDemo(
  db: Kysely<DB>,
  dataDir: string,
  organisations: NewsOrganisations,
): Promise<void> {
  const repo = newsRepository(db);
  if (await repo.slugTaken('fr', FR.slug, null)) return;
  const category = (await repo.categories()).find((c) => c.slug === 'actualites');
  if (!category) return;
  const storage = filesystemStorage(path.join(dataDir, 'files'));
  const pdf = await articleTextPdf();
  // the organisations the article names, as the directory's demo data has them
  const linked = await linkOrganisations(organisations, [
    'digital-grenoble',
    'grenoble-alpes-metropole',
    'communaute-de-communes-le-gresivaudan',
    'cci-de-grenoble',
    'inria-grenoble',
    'spartoo',
  ]);
  await db.transaction().execute(async (trx) => {
    const r = newsRepository(trx);
    const id = await r.createArticle({
      category_id: category.id,
      tags: ['french tech', 'label'],
      author_id: null,
      is_demo: true,
    });
    for (const [locale, v] of [
      ['fr', FR],
      ['en', EN],
    ] as const) {
      await r.upsertVersion(id, locale, {
        title: v.title,
        slug: v.slug,
        summary: v.summary,
        body_md: markdownOf(v.paragraphs),
        cover_file_id: null,
        cover_alt: '',
        is_translation: locale === 'en',
        state: 'published',
        publish_at: PUBLISHED_AT,
      });
    }
    await r.setOrganisations(id, linked.ids);
    const key = `news/${id}/texte-de-l-article.pdf`;
    await storage.put(key, pdf);
    await r.addFile({
      article_id: id,
      storage_key: key,
      file_name: 'Grenoble French Tech 2014 - texte de l’article.pdf',
      title_fr: PDF_TITLE_FR,
      title_en: PDF_TITLE_EN,
      content_type: 'application/pdf',
      bytes: pdf.length,
      sha256: createHash('sha256').update(pdf).digest('hex'),
      created_by: null,
    });
    await r.addRevision({
      articleId: id,
      version: 1,
      snapshot: await articleSnapshot(r, id),
      savedBy: null,
      note: 'demo',
    });
  });
}
