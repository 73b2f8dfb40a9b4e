import type { ReactNode } from 'react';
import type { Locale } from '../../kernel/locale.ts';
import { formatter } from '../../web/i18n/index.ts';
import type { FormField } from '../forms/definition.ts';
import { shown } from '../forms/validate.ts';
import { programmesEn } from '../programmes.en.ts';
import { programmesFr } from '../programmes.fr.ts';

const text = { fr: programmesFr, en: programmesEn };

type Answers = Record<string, unknown>;

type Options = {
  locale: Locale;
  fmt: ReturnType<typeof formatter>;
  fileLink?: (ref: string) => ReactNode;
};

export type AnswersViewProps = {
  /** the fields of the application's form version (`storedFields`) */
  fields: readonly FormField[];
  answers: Answers;
  locale: Locale;
  /** the fields a correction request names: marked, in words as well as in colour */
  highlight?: readonly string[];
  /** how a file answer is shown (its stored reference until attachments link it) */
  fileLink?: (ref: string) => ReactNode;
};

const isEmpty = (v: unknown) =>
  v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0);

function optionLabel(field: FormField, value: unknown, locale: Locale): string {
  const option = field.options?.find((o) => o.value === value);
  return option ? option.label[locale] : String(value);
}

/** a web address as a link that passes on nothing and vouches for nothing; other text as text */
function webLink(value: string): ReactNode {
  if (!/^https?:\/\//i.test(value)) return value;
  return (
    <a href={value} rel="noopener nofollow ugc">
      {value}
    </a>
  );
}

/** a group's rows as a small table, a column per field of the row */
function GroupTable({
  field,
  rows,
  outer,
  o,
}: {
  field: FormField;
  rows: unknown[];
  outer: Answers;
  o: Options;
}) {
  const columns = field.fields ?? [];
  return (
    <table className="table answers-group">
      <thead>
        <tr>
          <th scope="col">{text[o.locale].review.answers.row}</th>
          {columns.map((c) => (
            <th scope="col" key={c.key}>
              {c.label[o.locale]}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((raw, i) => {
          const row = (typeof raw === 'object' && raw !== null ? raw : {}) as Answers;
          return (
            // biome-ignore lint/suspicious/noArrayIndexKey: rows have no identity but their place
            <tr key={i}>
              <th scope="row">{i + 1}</th>
              {columns.map((c) => (
                <td key={c.key}>{shown(c, row, outer) ? answer(c, row[c.key], row, o) : null}</td>
              ))}
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

/** one answer, read only, as its type reads best */
function answer(field: FormField, value: unknown, scope: Answers, o: Options): ReactNode {
  const words = text[o.locale].review.answers;
  if (field.type === 'group') {
    if (!Array.isArray(value) || value.length === 0)
      return <span className="no-answer">{words.noRows}</span>;
    return <GroupTable field={field} rows={value} outer={scope} o={o} />;
  }
  if (isEmpty(value)) return <span className="no-answer">{words.none}</span>;
  switch (field.type) {
    case 'long_text':
      return <span className="long-answer">{String(value)}</span>;
    case 'number':
      return typeof value === 'number' ? o.fmt.number(value) : String(value);
    case 'date':
      return typeof value === 'string' ? o.fmt.date(value) : String(value);
    case 'choice':
      return optionLabel(field, value, o.locale);
    case 'multiple_choice':
      return (
        <ul>
          {(Array.isArray(value) ? value : [value]).map((v) => (
            <li key={String(v)}>{optionLabel(field, v, o.locale)}</li>
          ))}
        </ul>
      );
    case 'yes_no':
      return value === true ? words.yes : value === false ? words.no : String(value);
    case 'url':
      return webLink(String(value));
    case 'file':
      return o.fileLink ? o.fileLink(String(value)) : <code>{String(value)}</code>;
    default:
      return String(value);
  }
}

/**
 * An application's answers, read only, as a list of terms: each field shown (a field hidden by
 * its condition is left out) with its label and its answer — a choice by its label, yes/no in
 * words, a date in the language's format, a group as a small table, a web address as a link.
 * The fields a correction request names are marked. Used by staff and by the applicant.
 */
export function AnswersView({
  fields,
  answers,
  locale,
  highlight = [],
  fileLink,
}: AnswersViewProps) {
  const o: Options = { locale, fmt: formatter(locale), fileLink };
  const words = text[locale].review.answers;
  return (
    <dl className="answers">
      {fields
        .filter((f) => shown(f, answers, {}))
        .map((f) => {
          const marked = highlight.includes(f.key);
          return (
            <div
              key={f.key}
              id={`reponse-${f.key}`}
              className={marked ? 'answer answer-to-correct' : 'answer'}
            >
              <dt>
                {f.label[locale]}
                {marked && (
                  <>
                    {' '}
                    <strong className="correction-mark">{words.toCorrect}</strong>
                  </>
                )}
              </dt>
              <dd>{answer(f, answers[f.key], answers, o)}</dd>
            </div>
          );
        })}
    </dl>
  );
}
