import type { PageContext } from '../../web/context.ts';
import type { OrgRef } from '../connections.repository.ts';
import type { Picker } from '../connections.service.ts';

export const emptyPicker: Picker = { chosen: [], matches: [], searched: false, query: '' };

/**
 * Choosing organisations of the register. Without JavaScript: a text box and a "Search" button
 * that sends the form back with the matches to tick. With public/picker.js: the box becomes a
 * combobox whose suggestions tick the organisation in place.
 */
export function OrgPicker({
  ctx,
  name,
  label,
  picker,
  error,
  multiple,
  exclude,
}: {
  ctx: PageContext;
  name: string;
  label: string;
  picker: Picker;
  error?: string;
  multiple: boolean;
  /** the profile's own organisation, never suggested */
  exclude: string;
}) {
  const c = ctx.t.connections;
  const input = `field-${name}_q`;
  const type = multiple ? 'checkbox' : 'radio';
  const option = (o: OrgRef, checked: boolean, group: string) => (
    <li key={`${group}-${o.id}`}>
      <input
        type={type}
        id={`${name}-${group}-${o.id}`}
        name={`${name}_id`}
        value={o.id}
        defaultChecked={checked}
      />{' '}
      <label htmlFor={`${name}-${group}-${o.id}`}>
        {o.name} <span className="meta">· {ctx.t.directory.kinds[o.kind as 'sme'] ?? o.kind}</span>
      </label>
    </li>
  );
  const described = [`${input}-hint`, error ? `${input}-error` : null].filter(Boolean).join(' ');
  return (
    <fieldset
      className={error ? 'picker field-error' : 'picker'}
      data-picker={name}
      data-multiple={multiple ? '1' : undefined}
      data-exclude={exclude}
      data-empty={c.suggestions(0)}
      data-one={c.suggestions(1)}
      data-many={c.suggestions(99).replace('99', '%n')}
    >
      <legend>{label}</legend>
      <p className="picker-chosen-title" id={`${name}-chosen-title`} hidden={!picker.chosen.length}>
        {multiple ? c.chosenMany : c.chosen}
      </p>
      <ul
        className="picker-chosen"
        data-chosen
        aria-labelledby={`${name}-chosen-title`}
        hidden={!picker.chosen.length}
      >
        {picker.chosen.map((o) => option(o, true, 'chosen'))}
      </ul>
      <div className="field">
        <label htmlFor={input}>{c.searchLabel}</label>
        <p className="hint" id={`${input}-hint`}>
          {c.pickerHint}
        </p>
        {error && (
          <p className="error" id={`${input}-error`}>
            {error}
          </p>
        )}
        <div className="picker-row">
          <input
            type="text"
            id={input}
            name={`${name}_q`}
            defaultValue={picker.query}
            autoComplete="off"
            aria-invalid={error ? true : undefined}
            aria-describedby={described}
          />{' '}
          <button type="submit" name="action" value={`search-${name}`} className="secondary">
            {c.search}
          </button>
        </div>
      </div>
      {picker.searched &&
        (picker.matches.length > 0 ? (
          <div className="picker-matches">
            <p id={`${name}-matches-title`}>{c.matches(picker.query)}</p>
            <ul aria-labelledby={`${name}-matches-title`}>
              {picker.matches.map((o) => option(o, false, 'match'))}
            </ul>
          </div>
        ) : (
          <p>{c.noMatch(picker.query)}</p>
        ))}
    </fieldset>
  );
}
