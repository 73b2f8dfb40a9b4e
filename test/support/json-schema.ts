/**
 * Checks a value against a JSON Schema as the OpenAPI document serves it: the keywords that
 * document uses (type, enum, const, properties, required, additionalProperties, items, anyOf,
 * oneOf, allOf, pattern, minLength, maxLength, minimum, maximum, $ref into components), so a test
 * can hold a real answer against what the API promises. Returns every mismatch, with its path.
 */
export type JsonSchema = Record<string, unknown>;

function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

function matchesType(value: unknown, type: string): boolean {
  const actual = typeOf(value);
  return actual === type || (type === 'number' && actual === 'integer');
}

export function schemaErrors(
  value: unknown,
  schema: JsonSchema,
  root: JsonSchema = schema,
  at = '$',
): string[] {
  const ref = schema.$ref;
  if (typeof ref === 'string') {
    const target = ref
      .replace(/^#\//, '')
      .split('/')
      .reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], root);
    if (!target) return [`${at}: unresolved ${ref}`];
    return schemaErrors(value, target as JsonSchema, root, at);
  }
  const errors: string[] = [];
  const type = schema.type;
  if (type !== undefined) {
    const types = [type].flat() as string[];
    if (!types.some((t) => matchesType(value, t))) {
      return [`${at}: ${typeOf(value)} is not ${types.join(' | ')}`];
    }
  }
  if (Array.isArray(schema.enum) && !schema.enum.includes(value)) {
    errors.push(`${at}: ${JSON.stringify(value)} is not one of ${JSON.stringify(schema.enum)}`);
  }
  if ('const' in schema && schema.const !== value) errors.push(`${at}: is not ${schema.const}`);
  for (const key of ['anyOf', 'oneOf'] as const) {
    const options = schema[key] as JsonSchema[] | undefined;
    if (!options) continue;
    const passing = options.filter((o) => schemaErrors(value, o, root, at).length === 0).length;
    if (key === 'anyOf' ? passing === 0 : passing !== 1) {
      errors.push(`${at}: matches ${passing} of the ${key} options`);
    }
  }
  for (const part of (schema.allOf as JsonSchema[] | undefined) ?? []) {
    errors.push(...schemaErrors(value, part, root, at));
  }
  if (typeof value === 'string') {
    if (typeof schema.pattern === 'string' && !new RegExp(schema.pattern, 'u').test(value)) {
      errors.push(`${at}: ${JSON.stringify(value)} does not match ${schema.pattern}`);
    }
    if (typeof schema.minLength === 'number' && value.length < schema.minLength) {
      errors.push(`${at}: shorter than ${schema.minLength}`);
    }
    if (typeof schema.maxLength === 'number' && value.length > schema.maxLength) {
      errors.push(`${at}: longer than ${schema.maxLength}`);
    }
  }
  if (typeof value === 'number') {
    if (typeof schema.minimum === 'number' && value < schema.minimum) {
      errors.push(`${at}: below ${schema.minimum}`);
    }
    if (typeof schema.maximum === 'number' && value > schema.maximum) {
      errors.push(`${at}: above ${schema.maximum}`);
    }
  }
  if (Array.isArray(value) && schema.items && typeof schema.items === 'object') {
    value.forEach((item, i) => {
      errors.push(...schemaErrors(item, schema.items as JsonSchema, root, `${at}[${i}]`));
    });
  }
  if (typeOf(value) === 'object') {
    const object = value as Record<string, unknown>;
    const properties = (schema.properties as Record<string, JsonSchema> | undefined) ?? {};
    for (const key of (schema.required as string[] | undefined) ?? []) {
      if (!(key in object)) errors.push(`${at}.${key}: required, missing`);
    }
    for (const [key, item] of Object.entries(object)) {
      const property = properties[key];
      if (property) errors.push(...schemaErrors(item, property, root, `${at}.${key}`));
      else if (schema.additionalProperties === false) {
        errors.push(`${at}.${key}: not in the schema`);
      } else if (schema.additionalProperties && typeof schema.additionalProperties === 'object') {
        errors.push(
          ...schemaErrors(item, schema.additionalProperties as JsonSchema, root, `${at}.${key}`),
        );
      }
    }
  }
  return errors;
}
