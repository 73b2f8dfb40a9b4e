import type { PageContext } from '../../web/context.ts';
import { type JsonSchema, objectsIn, typeOf, valuesOf } from '../openapi-doc.ts';

/** Inline `code` in a description written with backticks. */
export function Prose({ text }: { text: string | undefined }) {
  if (!text) return null;
  return (
    <>
      {text.split('`').map((part, i) =>
        // biome-ignore lint/suspicious/noArrayIndexKey: the parts of one text, in order
        i % 2 === 1 ? <code key={i}>{part}</code> : <span key={i}>{part}</span>,
      )}
    </>
  );
}

const DEPTH = 6;

/**
 * A schema as nested lists: each property with its type, whether it is required, its values and
 * description, and the properties of the objects it holds, down to a few levels.
 */
export function SchemaView({
  ctx,
  schema,
  depth = 0,
}: {
  ctx: PageContext;
  schema: JsonSchema | undefined;
  depth?: number;
}) {
  const d = ctx.t.apiDocs;
  const objects = objectsIn(schema);
  if (!schema) return null;
  if (objects.length === 0 || depth >= DEPTH) {
    return (
      <p>
        <code>{typeOf(schema)}</code>
      </p>
    );
  }
  return (
    <>
      {depth === 0 && (
        <p>
          <code>{typeOf(schema)}</code>
        </p>
      )}
      {objects.map((object, n) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: alternatives in the schema's order
        <ul className="schema" key={n}>
          {Object.entries(object.properties ?? {}).map(([name, property]) => {
            const values = valuesOf(property);
            return (
              <li key={name}>
                <code>{name}</code> <span className="schema-type">{typeOf(property)}</span>
                {object.required?.includes(name) && (
                  <strong className="schema-required"> {d.required}</strong>
                )}
                {values.length > 0 && (
                  <>
                    {' '}
                    — {d.values} <code>{values.join(', ')}</code>
                  </>
                )}
                {property.description && (
                  <>
                    {' '}
                    — <Prose text={property.description} />
                  </>
                )}
                {objectsIn(property).length > 0 && (
                  <SchemaView ctx={ctx} schema={property} depth={depth + 1} />
                )}
              </li>
            );
          })}
        </ul>
      ))}
    </>
  );
}
