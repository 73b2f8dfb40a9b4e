import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import type { Catalogue } from '../web/i18n/index.ts';
import { formValues } from '../web/validation.ts';
import { hubPolicy as can } from './hub.policy.ts';
import { hubRepository } from './hub.repository.ts';
import type { HubService } from './hub.service.ts';
import { SettingsPage } from './pages/SettingsPage.tsx';
import { settingsRepository } from './settings.repository.ts';
import {
  epciList,
  formatFieldLines,
  formatSectorLines,
  parseFieldLines,
  parseSectorLines,
} from './settings.schema.ts';
import { isKnownEpci, resolveTerritory } from './territory.ts';

export function settingsRoutes(app: FastifyInstance, deps: { db: Kysely<DB>; hub: HubService }) {
  const settings = settingsRepository(deps.db);
  const hubRepo = hubRepository(deps.db);

  async function render(locale: 'fr' | 'en', values?: Record<string, string>) {
    const [hub, sectors, overview, fieldRows] = await Promise.all([
      hubRepo.get(),
      settings.sectorCodes(),
      deps.hub.overview(locale),
      hubRepo.fields(),
    ]);
    const epci = values?.epci ?? (hub?.territory_epci ?? []).join(', ');
    const territory = resolveTerritory(epciList.parse(epci)).epcis.map((e) => ({
      code: e.code,
      name: e.name,
      communes: e.communes.length,
    }));
    return {
      values: {
        epci,
        sectors: values?.sectors ?? formatSectorLines(sectors),
        fields: values?.fields ?? formatFieldLines(fieldRows),
      },
      existingFields: new Set(fieldRows.map((f) => f.slug)),
      territory,
      fields: overview.fields.map((f) => ({ slug: f.slug, name: f.name })),
    };
  }

  function validate(t: Catalogue, values: Record<string, string>, existing: Set<string>) {
    const errors: Record<string, string> = {};
    const parsedFields = parseFieldLines(values.fields ?? '');
    const kept = new Set(parsedFields.fields.map((f) => f.slug));
    const dropped = [...existing].filter((slug) => !kept.has(slug));
    if (parsedFields.problems.length > 0) {
      errors.fields = t.settings.fieldsInvalid(parsedFields.problems.slice(0, 10).join(' ; '));
    } else if (dropped.length > 0) {
      errors.fields = t.settings.fieldsDropped(dropped.join(', '));
    }
    const knownFields = kept;
    const epci = epciList.parse(values.epci ?? '');
    const unknown = epci.filter((c) => !isKnownEpci(c));
    if (epci.length === 0) errors.epci = t.settings.epciEmpty;
    else if (unknown.length > 0) errors.epci = t.settings.epciUnknown(unknown.join(', '));
    const { sectors, problems } = parseSectorLines(values.sectors ?? '', knownFields);
    if (problems.length > 0)
      errors.sectors = t.settings.sectorsInvalid(problems.slice(0, 10).join(' ; '));
    else if (sectors.length === 0) errors.sectors = t.settings.sectorsEmpty;
    return { errors, epci, sectors, fields: parsedFields.fields };
  }

  app.get('/admin/parametres', { config: { access: can.editSettings } }, async (request, reply) => {
    const [ctx, data] = await Promise.all([request.pageContext(), render(request.locale)]);
    return reply.html(
      SettingsPage({
        ctx,
        form: { values: data.values, errors: {} },
        territory: data.territory,
        fields: data.fields,
      }),
    );
  });

  app.post(
    '/admin/parametres',
    { config: { access: can.editSettings } },
    async (request, reply) => {
      const ctx = await request.pageContext();
      const values = formValues(request.body);
      const data = await render(request.locale, values);
      const { errors, epci, sectors, fields } = validate(ctx.t, values, data.existingFields);
      if (Object.keys(errors).length > 0) {
        const form = { values: data.values, errors };
        return reply.html(
          SettingsPage({ ctx, form, territory: data.territory, fields: data.fields }),
          422,
        );
      }
      await settings.save({ epci, sectors, fields });
      return reply.flash('settingsSaved').redirect(request.href('/admin/parametres'), 303);
    },
  );
}
