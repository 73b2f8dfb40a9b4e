/**
 * The parts of an OpenAPI 3 document the reference page reads, and how it reads them: operations
 * grouped by tag, in the document's order. No rules, no HTTP.
 */

export type JsonSchema = {
  type?: string | string[];
  format?: string;
  description?: string;
  enum?: unknown[];
  const?: unknown;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  default?: unknown;
  $ref?: string;
  additionalProperties?: boolean | JsonSchema;
};

export type Parameter = {
  name: string;
  in: string;
  required?: boolean;
  description?: string;
  schema?: JsonSchema;
};

type Media = { schema?: JsonSchema };

export type Operation = {
  summary?: string;
  description?: string;
  tags?: string[];
  parameters?: Parameter[];
  requestBody?: { description?: string; required?: boolean; content?: Record<string, Media> };
  responses?: Record<string, { description?: string; content?: Record<string, Media> }>;
  security?: unknown[];
};

export type OpenApiDocument = {
  info?: { title?: string; version?: string; description?: string };
  paths?: Record<string, Record<string, Operation>>;
};

export type Endpoint = { id: string; method: string; path: string; operation: Operation };

const METHODS = ['get', 'post', 'put', 'patch', 'delete'];

/** an anchor for an operation: `get-api-v1-organisations-slug` */
export function anchorOf(method: string, path: string): string {
  return `${method}-${path}`
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

/** the operations by tag (those without one under `other`), each group in the document's order */
export function endpointsByTag(doc: OpenApiDocument): { tag: string; endpoints: Endpoint[] }[] {
  const groups = new Map<string, Endpoint[]>();
  for (const [path, item] of Object.entries(doc.paths ?? {})) {
    for (const method of METHODS) {
      const operation = item[method];
      if (!operation) continue;
      const tag = operation.tags?.[0] ?? 'other';
      const list = groups.get(tag) ?? [];
      list.push({ id: anchorOf(method, path), method: method.toUpperCase(), path, operation });
      groups.set(tag, list);
    }
  }
  return [...groups].map(([tag, endpoints]) => ({ tag, endpoints }));
}

/** the JSON body's schema of a request or a response, and its media type */
export function bodyOf(content: Record<string, Media> | undefined) {
  if (!content) return undefined;
  const [type, media] = Object.entries(content)[0] ?? [];
  return type ? { type, schema: media?.schema } : undefined;
}

/** a schema's type in a few words: `string (uuid)`, `integer 1–1000`, `array of object` */
export function typeOf(schema: JsonSchema | undefined): string {
  if (!schema) return '';
  if (schema.$ref) return schema.$ref.split('/').at(-1) ?? schema.$ref;
  const alternatives = schema.anyOf ?? schema.oneOf;
  if (alternatives) return alternatives.map(typeOf).join(' | ');
  const types = [schema.type ?? (schema.properties ? 'object' : 'any')].flat();
  let out = types.join(' | ');
  if (types.includes('array') && schema.items) out = `array of ${typeOf(schema.items)}`;
  if (schema.format) out += ` (${schema.format})`;
  const range =
    schema.minimum !== undefined || schema.maximum !== undefined
      ? `${schema.minimum ?? ''}–${schema.maximum ?? ''}`
      : schema.minLength !== undefined || schema.maxLength !== undefined
        ? `${schema.minLength ?? 0}–${schema.maxLength ?? '…'} chars`
        : '';
  return range ? `${out} ${range}` : out;
}

/** the values a schema allows, when it lists them */
export function valuesOf(schema: JsonSchema | undefined): string[] {
  if (!schema) return [];
  if (schema.enum) return schema.enum.map((v) => JSON.stringify(v));
  if (schema.const !== undefined) return [JSON.stringify(schema.const)];
  return [];
}

/** the object schemas a schema holds directly (an object, an array of them, alternatives) */
export function objectsIn(schema: JsonSchema | undefined): JsonSchema[] {
  if (!schema) return [];
  if (schema.properties) return [schema];
  if (schema.items) return objectsIn(schema.items);
  return [...(schema.anyOf ?? []), ...(schema.oneOf ?? []), ...(schema.allOf ?? [])].flatMap(
    objectsIn,
  );
}
