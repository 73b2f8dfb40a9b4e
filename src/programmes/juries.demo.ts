import { type Kysely, sql } from 'kysely';
import { appendAudit } from '../audit/audit.service.ts';
import type { DB } from '../db/schema.ts';
import { directoryFactsRepository } from './directory-facts.repository.ts';
import type { DemoPeople } from './programmes.demo.ts';
import { programmesRepository } from './programmes.repository.ts';

export const FRENCH_TECH_SLUG = 'french-tech';
export const FRENCH_TECH_CALL_SLUG = 'label-metropole-french-tech-2014';

/** The métropoles labelled French Tech on 12 November 2014, as the seed's article lists them. */
export const METROPOLES_2014 = [
  'Aix-Marseille',
  'Bordeaux',
  'Grenoble',
  'Lille',
  'Lyon',
  'Montpellier',
  'Nantes',
  'Rennes',
  'Toulouse',
] as const;

const SOURCE =
  'Annonce du mercredi 12 novembre 2014 par la secrétaire d’État au Numérique, Axelle Lemaire, rapportée par l’article « Grenoble décroche le label "French Tech" » des actualités du hub.';

/** what the seed tells of the round, and what it does not */
const DESCRIPTION_FR =
  'Le label national « French Tech » des métropoles, campagne 2014. Une quinzaine de candidatures avaient été déposées ; neuf métropoles ont été labellisées le 12 novembre 2014, annoncées par la secrétaire d’État au Numérique Axelle Lemaire : Aix-Marseille, Bordeaux, Grenoble, Lille, Lyon, Montpellier, Nantes, Rennes et Toulouse. Le projet grenoblois est porté par Grenoble-Alpes Métropole, en partenariat avec la communauté de communes du Grésivaudan et en association avec la CCI de Grenoble. Nos sources ne nomment aucune autre candidature et ne donnent ni notes ni classement. Dates d’ouverture et de clôture non connues de nos sources : celles affichées ne sont que le jour de l’annonce.';
const DESCRIPTION_EN =
  'The national “French Tech” label of metropolises, 2014 round. About fifteen candidacies had been filed; nine metropolises were labelled on 12 November 2014, announced by the Secretary of State for Digital Affairs Axelle Lemaire: Aix-Marseille, Bordeaux, Grenoble, Lille, Lyon, Montpellier, Nantes, Rennes and Toulouse. The Grenoble project is carried by Grenoble-Alpes Métropole, in partnership with the Grésivaudan community of communes and with the Grenoble CCI. Our sources name no other candidacy and give no scores or ranking. Opening and closing dates not known to our sources: those shown are only the day of the announcement.';

/**
 * The 2014 French Tech round, from the seed only: a national programme without an owner (the
 * directory does not list the national mission), a past closed call whose dates are not known
 * (both set on the announcement's day, as its description says), no application (the seed gives
 * none), and the nine labels of 12 November 2014 with their source, Grenoble's held by
 * Grenoble-Alpes Métropole when the directory has it. Real facts: not marked demo.
 */
async function loadFrenchTech2014(db: Kysely<DB>): Promise<void> {
  if (await programmesRepository(db).slugTaken('programmes', FRENCH_TECH_SLUG)) return;
  const metropole = await directoryFactsRepository(db).idBySlug('grenoble-alpes-metropole');
  await db.transaction().execute(async (trx) => {
    const r = programmesRepository(trx);
    const programmeId = await r.insertProgramme({
      slug: FRENCH_TECH_SLUG,
      name_fr: 'French Tech',
      name_en: 'French Tech',
      description_fr: 'Le label national « French Tech » des métropoles.',
      description_en: 'The national “French Tech” label of metropolises.',
      owner_organisation_id: null,
      created_by: null,
      is_demo: false,
    });
    // midnight in Paris on the day of the announcement, the only date the seed gives
    const day = new Date('2014-11-11T23:00:00Z');
    const callId = await r.insertCall({
      programme_id: programmeId,
      slug: FRENCH_TECH_CALL_SLUG,
      reference_code: 'FT14',
      title_fr: 'Label Métropole French Tech 2014',
      title_en: 'French Tech Metropolis label 2014',
      description_fr: DESCRIPTION_FR,
      description_en: DESCRIPTION_EN,
      opens_at: new Date(day.getTime() - 60_000),
      closes_at: day,
      grace_until: day,
      eligibility: JSON.stringify([]),
      is_demo: false,
    });
    await trx
      .updateTable('programme_calls')
      .set({ label_name_fr: 'Métropole French Tech', label_name_en: 'French Tech Metropolis' })
      .where('id', '=', callId)
      .execute();
    await trx
      .insertInto('labels')
      .values(
        METROPOLES_2014.map((name) => ({
          name_fr: 'Métropole French Tech',
          name_en: 'French Tech Metropolis',
          organisation_id: name === 'Grenoble' ? (metropole ?? null) : null,
          holder_name: name,
          call_id: callId,
          valid_from: '2014-11-12',
          valid_until: null,
          source_note: SOURCE,
          is_demo: false,
        })),
      )
      .execute();
  });
}

/**
 * The demo jury of the open demo call: the demo reviewer on its jury and assigned to the demo
 * application under review, all marked demo (no score invented). Each step only when missing.
 */
async function loadDemoJury(db: Kysely<DB>, people?: DemoPeople): Promise<void> {
  if (!people?.reviewer) return;
  const target = await db
    .selectFrom('programme_applications as a')
    .innerJoin('programme_calls as c', 'c.id', 'a.call_id')
    .select(['a.id', 'a.call_id'])
    .where('c.slug', '=', 'accelerateurs-demo')
    .where('a.state', '=', 'under_review')
    .where('a.is_demo', '=', true)
    .orderBy('a.id')
    .executeTakeFirst();
  if (!target) return;
  const reviewer = await people.reviewer();
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('programme_jury_members')
      .values({ call_id: target.call_id, user_id: reviewer, is_demo: true })
      .onConflict((oc) => oc.doNothing())
      .execute();
    const assigned = await trx
      .selectFrom('programme_assignments')
      .select('id')
      .where('application_id', '=', target.id)
      .where('reviewer_id', '=', reviewer)
      .where('removed_at', 'is', null)
      .executeTakeFirst();
    if (assigned) return;
    const row = await trx
      .insertInto('programme_assignments')
      .values({
        application_id: target.id,
        reviewer_id: reviewer,
        method: 'manual',
        assigned_at: sql<Date>`now()`,
        is_demo: true,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await appendAudit(trx, {
      actorId: null,
      subjectType: 'assignment',
      subjectId: row.id,
      applicationId: target.id,
      action: 'assigned',
      after: { reviewer_id: reviewer, method: 'manual', demo: true },
    });
  });
}

/** The juries' part of the programmes' demo (called by programmes.demo.ts; idempotent). */
export async function loadJuriesDemo(db: Kysely<DB>, people?: DemoPeople): Promise<void> {
  await loadFrenchTech2014(db);
  await loadDemoJury(db, people);
}
