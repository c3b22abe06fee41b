import type { OpenAPIObject } from '@nestjs/swagger';

/** The parts of an OpenAPI schema the fuzz suite reads. */
export interface Schema {
  type?: string;
  format?: string;
  enum?: unknown[];
  $ref?: string;
  allOf?: Schema[];
  items?: Schema;
  properties?: Record<string, Schema>;
  required?: string[];
  minimum?: number;
  maximum?: number;
  example?: unknown;
  default?: unknown;
  nullable?: boolean;
}

export interface Operation {
  method: string;
  /** Express form, without the /api/v1 prefix: `/tasks/:id/reports`. */
  path: string;
  pathParams: string[];
  query: { name: string; schema: Schema }[];
  /** The JSON body's schema (resolved), or null when the route takes none. */
  body: Schema | null;
}

export interface Field {
  /** Where it is: `query.limit`, `body.corrections.items[0].no`. */
  where: string;
  schema: Schema;
}

const PREFIX = '/api/v1';

export class OpenApi {
  private readonly schemas: Record<string, Schema>;

  constructor(private readonly doc: OpenAPIObject) {
    this.schemas = (doc.components?.schemas ?? {}) as Record<string, Schema>;
  }

  /** A schema with its `$ref` and single `allOf` followed. */
  resolve(s: Schema | undefined): Schema {
    if (!s) return {};
    if (s.$ref) return this.resolve(this.schemas[s.$ref.split('/').pop()!]);
    if (s.allOf?.length === 1) return { ...s, ...this.resolve(s.allOf[0]), allOf: undefined };
    return s;
  }

  operations(): Operation[] {
    const ops: Operation[] = [];
    for (const [p, byMethod] of Object.entries(this.doc.paths)) {
      for (const [method, raw] of Object.entries(byMethod as Record<string, unknown>)) {
        const op = raw as {
          parameters?: { in: string; name: string; schema?: Schema }[];
          requestBody?: { content?: Record<string, { schema?: Schema }> };
        };
        const params = op.parameters ?? [];
        const content = op.requestBody?.content;
        const json = content?.['application/json']?.schema;
        ops.push({
          method: method.toUpperCase(),
          path: (p.startsWith(PREFIX) ? p.slice(PREFIX.length) : p).replace(/\{(\w+)\}/g, ':$1'),
          pathParams: params.filter((x) => x.in === 'path').map((x) => x.name),
          query: params
            .filter((x) => x.in === 'query')
            .map((x) => ({ name: x.name, schema: this.resolve(x.schema) })),
          body: json ? this.resolve(json) : content ? {} : null,
        });
      }
    }
    return ops.sort((a, b) => `${a.path} ${a.method}`.localeCompare(`${b.path} ${b.method}`));
  }

  /**
   * Every field of a body, nested objects and the first element of arrays included (to `depth`),
   * as paths into the baseline body.
   */
  fields(schema: Schema, where = 'body', depth = 3): Field[] {
    const s = this.resolve(schema);
    const out: Field[] = [];
    for (const [name, raw] of Object.entries(s.properties ?? {})) {
      const prop = this.resolve(raw);
      const at = `${where}.${name}`;
      out.push({ where: at, schema: prop });
      if (depth <= 1) continue;
      if (prop.properties) out.push(...this.fields(prop, at, depth - 1));
      if (prop.type === 'array' && prop.items) {
        const item = this.resolve(prop.items);
        if (item.properties) out.push(...this.fields(item, `${at}[0]`, depth - 1));
        else out.push({ where: `${at}[0]`, schema: item });
      }
    }
    return out;
  }

  /** Numeric fields of requests (query, path and body) declared without a minimum or a maximum. */
  unboundedNumbers(): string[] {
    const missing: string[] = [];
    const check = (label: string, s: Schema) => {
      if (
        (s.type === 'integer' || s.type === 'number') &&
        (s.minimum === undefined || s.maximum === undefined)
      ) {
        missing.push(label);
      }
    };
    for (const op of this.operations()) {
      const label = `${op.method} ${op.path}`;
      for (const q of op.query) check(`${label} query ${q.name}`, q.schema);
      if (!op.body) continue;
      check(`${label} body`, op.body);
      for (const f of this.fields(op.body, 'body', 6)) check(`${label} ${f.where}`, f.schema);
    }
    return missing;
  }
}

/** Sets `value` at a path such as `body.corrections.items[0].no` (creating what is missing). */
export function setAt(root: Record<string, unknown>, where: string, value: unknown): void {
  const keys = where
    .replace(/^body\.?/, '')
    .split(/\.|\[(\d+)\]/)
    .filter((k) => k !== undefined && k !== '');
  let node: Record<string, unknown> = root;
  keys.forEach((key, i) => {
    if (i === keys.length - 1) {
      node[key] = value;
      return;
    }
    const nextIsIndex = /^\d+$/.test(keys[i + 1]!);
    if (node[key] === null || typeof node[key] !== 'object') node[key] = nextIsIndex ? [] : {};
    node = node[key] as Record<string, unknown>;
  });
}
