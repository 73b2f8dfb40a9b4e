import { AppError } from '../kernel/errors.ts';
import { parisLocalTime } from '../kernel/paris-time.ts';
import type { EventsDeps } from './events.deps.ts';
import { eventsError } from './events.errors.ts';
import type { EventInput, Problems } from './events.forms.ts';
import type { EventsRepository, EventValues } from './events.repository.ts';

/** the engine's refusal of a time taken, as the event's own code (with the engine's detail) */
export function spaceTaken(error: unknown): unknown {
  if (!(error instanceof AppError)) return error;
  if (error.code !== 'BOOKING_CONFLICT' && error.code !== 'SPACE_FULL') return error;
  return eventsError('EVENT_SPACE_TAKEN', undefined, {
    fr: error.text('fr'),
    en: error.text('en'),
  });
}

/** what an event's form needs checked against the venue, the directory and the database */
export function eventChecks(repo: EventsRepository, deps: EventsDeps) {
  /** the organisers typed, each resolved by the directory's picker; problems filed under `organisers` */
  async function organisersOf(lines: string[], problems: Problems): Promise<string[]> {
    const ids: string[] = [];
    for (const line of lines) {
      const found = await deps.picker.resolveOne([], line);
      if (found.org) ids.push(found.org.id);
      else
        problems.organisers =
          found.error === 'organisationAmbiguous' ? 'org_ambiguous' : 'org_unknown';
    }
    return [...new Set(ids)];
  }

  /** checks what only the database and the venue know: the space, its capacity, the address */
  async function check(input: EventInput, exceptId?: string) {
    const problems: Problems = {};
    const space = await deps.bookings.space(input.space).catch(() => undefined);
    if (!space) problems.space = 'space_unknown';
    else if (input.capacity > space.capacity) problems.capacity = 'capacity_too_large';
    if (await repo.slugTaken(input.slug, exceptId)) problems.slug = 'slug_taken';
    const organisers = await organisersOf(input.organisers, problems);
    const starts = parisLocalTime(`${input.day}T${input.start}`);
    const ends = parisLocalTime(`${input.day}T${input.end}`);
    if (!starts.ok)
      problems.start = starts.problem === 'skipped' ? 'nonexistent_time' : 'not_a_time';
    if (!ends.ok) problems.end = ends.problem === 'skipped' ? 'nonexistent_time' : 'not_a_time';
    if (Object.keys(problems).length > 0 || !space || !starts.ok || !ends.ok) {
      throw eventsError('EVENT_INVALID', undefined, problems as Record<string, string>);
    }
    return { space, organisers, starts: starts.instant, ends: ends.instant };
  }

  function valuesOf(
    input: EventInput,
    checked: { space: { id: string }; starts: Date; ends: Date },
  ): Omit<EventValues, 'image_key' | 'image_type'> {
    return {
      slug: input.slug,
      title_fr: input.title_fr,
      title_en: input.title_en,
      description_fr: input.description_fr,
      description_en: input.description_en,
      space_id: checked.space.id,
      starts_at: checked.starts,
      ends_at: checked.ends,
      date_precision: 'time',
      capacity: input.capacity,
      registration_opens_at: input.registration_opens_at,
      registration_closes_at: input.registration_closes_at,
      price_fr: input.price_fr,
      price_en: input.price_en,
      tags: input.tags,
      field_slugs: input.fields,
      image_alt_fr: input.image_alt_fr,
      image_alt_en: input.image_alt_en,
      accessibility_fr: input.accessibility_fr,
      accessibility_en: input.accessibility_en,
      requested_by: null,
    };
  }

  return { check, valuesOf };
}
