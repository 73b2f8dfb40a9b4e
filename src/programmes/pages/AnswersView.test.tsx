import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { formDefinition } from '../forms/definition.ts';
import { AnswersView } from './AnswersView.tsx';

const fields = formDefinition.parse([
  { key: 'project', type: 'text', label: { fr: 'Projet', en: 'Project' } },
  { key: 'summary', type: 'long_text', label: 'Résumé' },
  { key: 'staff', type: 'number', label: { fr: 'Salariés', en: 'Staff' } },
  { key: 'founded', type: 'date', label: { fr: 'Création', en: 'Founded' } },
  {
    key: 'stage',
    type: 'choice',
    label: 'Stade',
    options: [
      { value: 'idea', label: { fr: 'Idée', en: 'Idea' } },
      { value: 'revenue', label: { fr: 'Revenus', en: 'Revenue' } },
    ],
  },
  {
    key: 'needs',
    type: 'multiple_choice',
    label: 'Besoins',
    options: [
      { value: 'money', label: { fr: 'Financement', en: 'Funding' } },
      { value: 'desk', label: { fr: 'Bureau', en: 'Desk' } },
    ],
  },
  { key: 'incubated', type: 'yes_no', label: { fr: 'Incubé ?', en: 'Incubated?' } },
  {
    key: 'incubator',
    type: 'text',
    label: 'Incubateur',
    show_if: { field: 'incubated', equals: true },
  },
  { key: 'site', type: 'url', label: 'Site' },
  { key: 'deck', type: 'file', label: 'Présentation' },
  {
    key: 'founders',
    type: 'group',
    label: { fr: 'Fondateurs', en: 'Founders' },
    fields: [
      { key: 'name', type: 'text', label: { fr: 'Nom', en: 'Name' } },
      { key: 'role', type: 'text', label: { fr: 'Rôle', en: 'Role' } },
    ],
  },
]);

const answers = {
  project: 'Robots <b>pour</b> tous',
  staff: 1200,
  founded: '2020-02-29',
  stage: 'revenue',
  needs: ['money', 'desk'],
  incubated: false,
  site: 'https://exemple.fr/a?b=1',
  deck: 'abc123',
  founders: [
    { name: 'Alice', role: 'CEO' },
    { name: 'Bob', role: 'CTO' },
  ],
};

const render = (props: Partial<Parameters<typeof AnswersView>[0]> = {}) =>
  renderToStaticMarkup(<AnswersView fields={fields} answers={answers} locale="fr" {...props} />);

describe('AnswersView', () => {
  it('reads every shown answer as its type reads best, in French', () => {
    const html = render();
    expect(html).toContain('<dl class="answers">');
    expect(html).toContain('<dt>Projet</dt><dd>Robots &lt;b&gt;pour&lt;/b&gt; tous</dd>');
    expect(html).toContain('1\u202f200');
    expect(html).toContain('29 février 2020');
    expect(html).toContain('<dd>Revenus</dd>');
    expect(html).toContain('<li>Financement</li><li>Bureau</li>');
    expect(html).toContain('<dt>Incubé ?</dt><dd>Non</dd>');
    expect(html).toContain(
      '<a href="https://exemple.fr/a?b=1" rel="noopener nofollow ugc">https://exemple.fr/a?b=1</a>',
    );
    expect(html).toContain('<code>abc123</code>');
    expect(html).toContain('<th scope="col">Nom</th><th scope="col">Rôle</th>');
    expect(html).toContain('<td>Alice</td><td>CEO</td>');
    expect(html).toContain('<dt>Résumé</dt><dd><span class="no-answer">Sans réponse</span></dd>');
  });

  it('leaves out a field hidden by its condition, and shows it once the condition holds', () => {
    expect(render()).not.toContain('Incubateur');
    const html = render({ answers: { ...answers, incubated: true, incubator: 'Totem' } });
    expect(html).toContain('<dt>Incubateur</dt><dd>Totem</dd>');
    expect(html).toContain('<dd>Oui</dd>');
  });

  it('speaks English, and dates read the English way', () => {
    const html = render({ locale: 'en' });
    expect(html).toContain('<dt>Project</dt>');
    expect(html).toContain('29 February 2020');
    expect(html).toContain('<dd>Revenue</dd>');
    expect(html).toContain('<dd>No</dd>');
    expect(html).toContain('No answer');
  });

  it('marks the fields a correction names, in words too', () => {
    const html = render({ highlight: ['stage'] });
    expect(html).toContain(
      '<div id="reponse-stage" class="answer answer-to-correct"><dt>Stade <strong class="correction-mark">À corriger</strong></dt>',
    );
    expect(html.match(/answer-to-correct/g)).toHaveLength(1);
  });

  it('links a file through the helper given, and never links an address that is not the web', () => {
    const html = render({
      answers: { ...answers, site: 'javascript:alert(1)' },
      fileLink: (ref) => <a href={`/fichiers/${ref}`}>présentation.pdf</a>,
    });
    expect(html).toContain('<a href="/fichiers/abc123">présentation.pdf</a>');
    expect(html).not.toContain('href="javascript:');
  });
});
