import type { FastifyInstance } from 'fastify';
import { formValues } from '../kernel/forms.ts';
import type { Catalogue } from '../web/i18n/index.ts';
import { hubPolicy as can } from './hub.policy.ts';
import { SettingsPage } from './pages/SettingsPage.tsx';
import type { SettingsProblems, SettingsService, SettingsValues } from './settings.service.ts';

/** the problems of a settings form in the visitor's language (the first ten lines of each) */
function messages(t: Catalogue, problems: SettingsProblems): Record<string, string> {
  const out: Record<string, string> = {};
  const lines = (list: string[]) => list.slice(0, 10).join(' ; ');
  const { fields, epci, sectors } = problems;
  if (fields && 'invalid' in fields) out.fields = t.settings.fieldsInvalid(lines(fields.invalid));
  else if (fields) out.fields = t.settings.fieldsDropped(fields.dropped.join(', '));
  if (epci === 'empty') out.epci = t.settings.epciEmpty;
  else if (epci) out.epci = t.settings.epciUnknown(epci.unknown.join(', '));
  if (sectors === 'empty') out.sectors = t.settings.sectorsEmpty;
  else if (sectors) out.sectors = t.settings.sectorsInvalid(lines(sectors.invalid));
  for (const name of ['publisher', 'director', 'host', 'contactEmail'] as const) {
    const problem = problems[name];
    if (problem) out[name] = t.form[problem];
  }
  return out;
}

/** The hub's settings page (staff): territory, fields of development, sector selection. */
export function settingsRoutes(app: FastifyInstance, deps: { settings: SettingsService }) {
  const { settings } = deps;

  app.get('/admin/parametres', { config: { access: can.editSettings } }, async (request, reply) => {
    const [ctx, data] = await Promise.all([request.pageContext(), settings.form(request.locale)]);
    const form = { values: data.values, errors: {} };
    return reply.html(SettingsPage({ ctx, form, territory: data.territory, fields: data.fields }));
  });

  app.post(
    '/admin/parametres',
    { config: { access: can.editSettings } },
    async (request, reply) => {
      const typed: Partial<SettingsValues> = formValues(request.body);
      const problems = await settings.save({
        epci: typed.epci ?? '',
        sectors: typed.sectors ?? '',
        fields: typed.fields ?? '',
        publisher: typed.publisher,
        director: typed.director,
        host: typed.host,
        contactEmail: typed.contactEmail,
      });
      if (problems) {
        // what was typed comes back; a field left out of the post shows as saved
        const [ctx, data] = await Promise.all([
          request.pageContext(),
          settings.form(request.locale, typed),
        ]);
        const form = { values: data.values, errors: messages(ctx.t, problems) };
        return reply.html(
          SettingsPage({ ctx, form, territory: data.territory, fields: data.fields }),
          422,
        );
      }
      return reply.flash('settingsSaved').redirect(request.href('/admin/parametres'), 303);
    },
  );
}
