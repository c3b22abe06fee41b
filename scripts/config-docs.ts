import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import ts from 'typescript';
import { EnvironmentVariables } from '../src/config/env.validation';

/**
 * The configuration reference, generated from the config schema: `EnvironmentVariables` in
 * src/config/env.validation.ts, read with the TypeScript compiler API (keys, decorators, JSDoc,
 * initializers), its defaults taken from an instance of the class. `npm run gen:config-docs`
 * writes docs/configuration.md; src/config/configuration-docs.spec.ts fails when it is stale or
 * when a key has no description.
 *
 * JSDoc of a key: its meaning (unit, what the default does), and optionally
 * `@production required` (boot fails without it in production), `@production set` (the default
 * suits the demo and development only: an installation sets it) or `@production refused` (demo
 * and tests only: production refuses it).
 */
export const CONFIG_SCHEMA_FILE = join(__dirname, '..', 'src', 'config', 'env.validation.ts');
export const CONFIG_DOCS_FILE = join(__dirname, '..', 'docs', 'configuration.md');
export const CONFIG_CLASS = 'EnvironmentVariables';

export type ProductionRule = 'required' | 'set' | 'refused';
const PRODUCTION_RULES: readonly string[] = ['required', 'set', 'refused'];

export interface ConfigKey {
  name: string;
  /** The JSDoc's text, on one line. */
  description: string;
  /** What the value may be: allowed values, or type with bounds (and unit, from the name). */
  type: string;
  /** The initializer's text; undefined when the key has none. */
  initializer?: string;
  optional: boolean;
  production?: ProductionRule;
}

/** Groups of the reference, in order: a key joins the first group naming it or a prefix of it. */
export const CONFIG_GROUPS: readonly { title: string; keys: readonly string[] }[] = [
  {
    title: 'Process',
    keys: [
      'DUBAN_MODE',
      'PROCESS_ROLE',
      'SCHEDULER_ENABLED',
      'WORKERS_ENABLED',
      'TICK_SECONDS',
      'SHUTDOWN_',
    ],
  },
  {
    title: 'HTTP',
    keys: [
      'HOST',
      'PORT',
      'PUBLIC_URL',
      'TRUST_PROXY',
      'API_DOCS_ENABLED',
      'WEB_UI_',
      'RATE_LIMIT_',
    ],
  },
  { title: 'PostgreSQL', keys: ['DATABASE_URL', 'MIGRATION_DATABASE_URL', 'DATABASE_'] },
  { title: 'Redis and queues', keys: ['REDIS_', 'QUEUE_', 'WORKER_'] },
  { title: 'Accounts and sessions', keys: ['JWT_', 'REFRESH_', 'SECURITY_'] },
  { title: 'Email', keys: ['SMTP_', 'MAIL_'] },
  { title: 'Deliveries, robots and SMS', keys: ['DELIVERY_', 'CHANNEL_', 'ROBOT_', 'SMS_'] },
  {
    title: 'Files: evidence, uploads and the audit archive',
    keys: ['EVIDENCE_', 'DOCUMENT_', 'AUDIT_'],
  },
  { title: 'Documents issued', keys: ['OFFICE_'] },
  { title: 'Watchdog', keys: ['WATCHDOG_', 'HEARTBEAT_'] },
  {
    title: 'Metrics and the queue dashboard',
    keys: ['METRICS_', 'QUEUE_DASHBOARD_', 'BULL_BOARD_'],
  },
  { title: 'Logs', keys: ['LOG_'] },
  { title: 'Backups', keys: ['BACKUP_', 'PG_DUMP', 'PG_RESTORE'] },
  { title: 'Demo and test clock', keys: ['CLOCK_'] },
];
const OTHER_GROUP = 'Other';

export function groupOf(key: string): string {
  const matches = (p: string) => (p.endsWith('_') ? key.startsWith(p) : key === p);
  return CONFIG_GROUPS.find((g) => g.keys.some(matches))?.title ?? OTHER_GROUP;
}

/**
 * Reads every key of the config class from the schema's source text, with the keys of the classes
 * it extends (declared in the same file or imported by a relative path), ancestors first.
 */
export function readConfigKeys(source: string, fileName = CONFIG_SCHEMA_FILE): ConfigKey[] {
  const file = ts.createSourceFile(fileName, source, ts.ScriptTarget.ES2023, true);
  return classKeys(file, CONFIG_CLASS);
}

function classKeys(file: ts.SourceFile, className: string): ConfigKey[] {
  const fileName = file.fileName;
  const constants = constantArrays(file);
  const cls = file.statements.find(
    (s): s is ts.ClassDeclaration => ts.isClassDeclaration(s) && s.name?.text === className,
  );
  if (!cls) throw new Error(`${fileName}: class ${className} not found`);
  const parent = cls.heritageClauses
    ?.find((h) => h.token === ts.SyntaxKind.ExtendsKeyword)
    ?.types[0]?.expression.getText(file);
  const inherited = parent ? classKeys(fileDeclaring(file, parent), parent) : [];
  return [...inherited, ...ownKeys(cls, file, constants)];
}

/** The source file that declares `name` for `file`: one it imports by a relative path, or itself. */
function fileDeclaring(file: ts.SourceFile, name: string): ts.SourceFile {
  for (const statement of file.statements) {
    if (!ts.isImportDeclaration(statement)) continue;
    const bindings = statement.importClause?.namedBindings;
    const spec = (statement.moduleSpecifier as ts.StringLiteral).text;
    if (!spec.startsWith('.') || !bindings || !ts.isNamedImports(bindings)) continue;
    if (!bindings.elements.some((e) => e.name.text === name)) continue;
    const path = join(dirname(file.fileName), `${spec}.ts`);
    return ts.createSourceFile(path, readFileSync(path, 'utf8'), ts.ScriptTarget.ES2023, true);
  }
  return file;
}

function ownKeys(
  cls: ts.ClassDeclaration,
  file: ts.SourceFile,
  constants: Map<string, string[]>,
): ConfigKey[] {
  return cls.members.filter(ts.isPropertyDeclaration).map((prop) => {
    const name = prop.name.getText(file);
    const docs = ts.getJSDocCommentsAndTags(prop).filter(ts.isJSDoc);
    const description = docs
      .map((d) => ts.getTextOfJSDocComment(d.comment) ?? '')
      .join(' ')
      .replace(/\s+/g, ' ')
      .trim();
    const productionTag = docs
      .flatMap((d) => d.tags ?? [])
      .find((t) => t.tagName.text === 'production');
    let production: ProductionRule | undefined;
    if (productionTag) {
      const value = (ts.getTextOfJSDocComment(productionTag.comment) ?? '').trim();
      if (!PRODUCTION_RULES.includes(value)) {
        throw new Error(`${name}: @production must be one of ${PRODUCTION_RULES.join(', ')}`);
      }
      production = value as ProductionRule;
    }
    return {
      name,
      description,
      type: typeOf(name, prop, file, constants),
      initializer: prop.initializer?.getText(file),
      optional: Boolean(prop.questionToken),
      production,
    };
  });
}

/**
 * `const X = ['a', 'b'] as const` declared in the schema file, or in a file it imports by a
 * relative path (`import { LOG_FORMATS } from '../infra/logging/log-settings'`), by name.
 */
function constantArrays(file: ts.SourceFile, followImports = true): Map<string, string[]> {
  const found = new Map<string, string[]>();
  for (const statement of file.statements) {
    if (followImports && ts.isImportDeclaration(statement)) {
      const spec = (statement.moduleSpecifier as ts.StringLiteral).text;
      const path = join(dirname(file.fileName), `${spec}.ts`);
      if (!spec.startsWith('.') || !existsSync(path)) continue;
      const imported = ts.createSourceFile(
        path,
        readFileSync(path, 'utf8'),
        ts.ScriptTarget.ES2023,
      );
      for (const [name, values] of constantArrays(imported, false)) found.set(name, values);
      continue;
    }
    if (!ts.isVariableStatement(statement)) continue;
    for (const decl of statement.declarationList.declarations) {
      let init = decl.initializer;
      if (init && ts.isAsExpression(init)) init = init.expression;
      if (!ts.isIdentifier(decl.name) || !init || !ts.isArrayLiteralExpression(init)) continue;
      const values = init.elements.filter(ts.isStringLiteral).map((e) => e.text);
      if (values.length === init.elements.length) found.set(decl.name.text, values);
    }
  }
  return found;
}

const UNITS: [RegExp, string][] = [
  [/_MS$/, 'milliseconds'],
  [/_SECONDS$/, 'seconds'],
  [/_DAYS$/, 'days'],
  [/_MB$/, 'MB'],
];

function typeOf(
  name: string,
  prop: ts.PropertyDeclaration,
  file: ts.SourceFile,
  constants: Map<string, string[]>,
): string {
  const decorators = new Map<string, readonly ts.Expression[]>();
  for (const d of ts.getDecorators(prop) ?? []) {
    if (ts.isCallExpression(d.expression)) {
      decorators.set(d.expression.expression.getText(file), d.expression.arguments);
    }
  }
  const arg = (decorator: string) => decorators.get(decorator)?.[0];
  const isIn = arg('IsIn');
  if (isIn) {
    const values = ts.isArrayLiteralExpression(isIn)
      ? isIn.elements.filter(ts.isStringLiteral).map((e) => e.text)
      : constants.get(isIn.getText(file));
    if (!values) throw new Error(`${name}: cannot read the values of @IsIn(${isIn.getText(file)})`);
    return values.map((v) => `\`${v}\``).join(', ');
  }
  // A union of literals in the annotation (`'strict' | 'relaxed'`) without @IsIn.
  const annotation = prop.type;
  if (annotation && ts.isUnionTypeNode(annotation)) {
    const literals = annotation.types
      .filter(ts.isLiteralTypeNode)
      .map((t) => t.literal)
      .filter(ts.isStringLiteral)
      .map((l) => `\`${l.text}\``);
    if (literals.length === annotation.types.length) return literals.join(', ');
  }
  let type = 'string';
  if (decorators.has('IsBoolean')) {
    const lenient = arg('Transform')?.getText(file) === 'toBool';
    type = lenient ? 'boolean (`true`, `1` or `yes`; anything else is false)' : 'boolean';
  } else if (decorators.has('IsInt')) type = 'integer';
  else if (decorators.has('IsNumber')) type = 'number';
  else if (decorators.has('IsUrl')) type = 'URL';
  const bounds: string[] = [];
  const min = arg('Min')?.getText(file).replace(/_/g, '');
  const max = arg('Max')?.getText(file).replace(/_/g, '');
  if (min !== undefined && max !== undefined) bounds.push(`${min}–${max}`);
  else if (min !== undefined) bounds.push(`≥ ${min}`);
  else if (max !== undefined) bounds.push(`≤ ${max}`);
  const minLength = arg('MinLength')?.getText(file);
  if (minLength === '1') bounds.push('not empty');
  else if (minLength) bounds.push(`at least ${minLength} characters`);
  const pattern = arg('Matches')?.getText(file);
  if (pattern) bounds.push(`matching \`${pattern}\``);
  const unit = UNITS.find(([re]) => re.test(name))?.[1];
  return [type + (bounds.length ? ` ${bounds.join(', ')}` : ''), unit && `(${unit})`]
    .filter(Boolean)
    .join(' ');
}

/** The effective default of a key as the class writes it: instance value, "(empty)" or "unset". */
function defaultText(key: ConfigKey, defaults: Record<string, unknown>): string {
  const value = defaults[key.name];
  if (value === undefined) return 'unset';
  if (value === '') return '(empty)';
  const text = `\`${String(value)}\``;
  // Arithmetic on literals (30 * 24 * 3600) is shown beside its value.
  const arithmetic = /^[\d_.\s()]+([*/+-][\d_.\s()]+)+$/;
  return key.initializer && arithmetic.test(key.initializer)
    ? `${text} (\`${key.initializer}\`)`
    : text;
}

const PRODUCTION_TEXT: Record<ProductionRule, string> = {
  required: '**required**',
  set: 'set it',
  refused: 'refused',
};

const cell = (text: string) => text.replace(/\|/g, '\\|');

/** docs/configuration.md. Throws when a key has no description. */
export function renderConfigDocs(keys: ConfigKey[], defaults: Record<string, unknown>): string {
  const undocumented = keys.filter((k) => !k.description).map((k) => k.name);
  if (undocumented.length > 0) {
    throw new Error(
      `Configuration keys without a description (write a JSDoc comment on each in ` +
        `src/config/env/*.env.ts: meaning, unit, what the default does): ${undocumented.join(', ')}`,
    );
  }
  const titles = [...CONFIG_GROUPS.map((g) => g.title), OTHER_GROUP];
  const lines = [
    '# Configuration reference',
    '',
    '<!-- GENERATED by `npm run gen:config-docs` (scripts/gen-config-docs.ts) from the JSDoc of',
    '     EnvironmentVariables (src/config/env.validation.ts and env/): do not edit; edit the schema and regenerate. -->',
    '',
    'duban reads only environment variables and validates them once at boot: a value outside the type',
    'or bounds below stops the process with the list of problems. The column "production" says what an',
    'installation (`DUBAN_MODE=production`) must do: **required** keys stop the boot when missing,',
    '"set it" keys have a default that suits only the demo and development, "refused" keys are for the',
    'demo and tests and stop the boot when set. `deploy/duban.env.example` lists every key that is',
    'required or to set; the deployment guide is `docs/operations.md`.',
    '',
    `${keys.length} keys.`,
  ];
  for (const title of titles) {
    const group = keys.filter((k) => groupOf(k.name) === title);
    if (group.length === 0) continue;
    lines.push('', `## ${title}`, '');
    lines.push(
      '| key | value | default | production | meaning |',
      '| --- | --- | --- | --- | --- |',
    );
    for (const k of group) {
      const production = k.production ? PRODUCTION_TEXT[k.production] : '';
      lines.push(
        `| \`${k.name}\` | ${cell(k.type)} | ${cell(defaultText(k, defaults))} | ${production} | ${cell(k.description)} |`,
      );
    }
  }
  // Not padded: prettier cannot be loaded inside jest, and the tables are read rendered.
  return lines.join('\n') + '\n';
}

/** The reference of the schema as it is now (what `npm run gen:config-docs` writes). */
export function currentConfigDocs(): string {
  // The class's field initializers give the defaults as the service sees them.
  const defaults = { ...new EnvironmentVariables() } as Record<string, unknown>;
  return renderConfigDocs(readConfigKeys(readFileSync(CONFIG_SCHEMA_FILE, 'utf8')), defaults);
}
