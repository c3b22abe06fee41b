import 'reflect-metadata';
import { Command, InvalidArgumentError } from 'commander';
import { readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { NestFactory } from '@nestjs/core';
import type { INestApplicationContext } from '@nestjs/common';
import { DomainException } from '../common/errors/domain.exception';
import { ErrorCode } from '../common/errors/error-codes';
import {
  CliError,
  correctionsMissing,
  correctionsNotJson,
  departmentNotInDirectory,
  emptyDocument,
  fileMissing,
  reviewAtTerminal,
} from './cli.errors';
import { grantAppRoleAt, roleOfUrl } from '../infra/migrate/grants';
import { migrate } from '../infra/migrate/migrator';
import { isLocalDate } from '../common/time/local-date';
import { isPlanParseError } from '../modules/plans/import/plan-parse.errors';
import { readPlanInThread } from '../modules/plans/plan-reading';
import { DEFAULT_DOCUMENT_CAPS } from '../common/files/file-limits';
import { PlanImportService } from '../modules/plans/plan-import.service';
import type { ImportCorrections } from '../modules/plans/plan-import.types';
import { PeopleService } from '../modules/departments/people.service';
import { privilegedRoleAtTerminal } from '../modules/departments/departments.errors';
import { isPrivilegedRole } from '../modules/departments/role-separation';
import type { Role } from '../generated/prisma/enums';
import { PrismaService } from '../infra/prisma/prisma.service';
import { CliModule } from './cli.module';
import { registerCalendarCommands } from './calendar.commands';
import { registerSecurityCommands } from './security.commands';
import { registerBackupCommands } from './backup.commands';

process.env.DUBAN_CLI = '1';
process.env.DATABASE_URL ??= 'postgresql://root@127.0.0.1:5432/duban';
process.env.LOG_LEVEL ??= 'warn';

function readPlanFile(file: string): { buffer: Buffer; name: string } {
  let size: number;
  try {
    const st = statSync(file);
    if (!st.isFile()) throw new Error('not a file');
    size = st.size;
  } catch {
    throw fileMissing(file);
  }
  if (size === 0) {
    throw emptyDocument(file);
  }
  return { buffer: readFileSync(file), name: basename(file) };
}

function readCorrections(file: string): ImportCorrections {
  let raw: string;
  try {
    raw = readFileSync(file, 'utf8');
  } catch {
    throw correctionsMissing(file);
  }
  try {
    return JSON.parse(raw) as ImportCorrections;
  } catch (err) {
    throw correctionsNotJson(file, (err as Error).message);
  }
}

/**
 * An operator at a terminal has no preview to tick: the refusal lists each item with its reasons
 * and says how to confirm (`--confirm-review`) or correct (`--corrections`).
 */
function explainReview(err: unknown): unknown {
  if (!(err instanceof DomainException) || err.code !== ErrorCode.REVIEW_NOT_CONFIRMED) return err;
  const { review } = err.details as { review: { no: number; reasons: string[] }[] };
  return reviewAtTerminal(err.code, err.message, review);
}

function localDate(value: string): string {
  if (!isLocalDate(value)) throw new InvalidArgumentError('日期格式应为 YYYY-MM-DD');
  return value;
}

async function withContext<T>(fn: (ctx: INestApplicationContext) => Promise<T>): Promise<T> {
  const ctx = await NestFactory.createApplicationContext(CliModule, { logger: ['error', 'warn'] });
  try {
    return await fn(ctx);
  } finally {
    await ctx.close();
  }
}

export function buildProgram(): Command {
  const program = new Command('duban')
    .description('督办 duban: plan supervision')
    .showHelpAfterError();

  const plan = program.command('plan').description('plan documents');
  plan
    .command('parse <file>')
    .description(
      'read a plan document (.txt in UTF-8 or GBK, .xlsx, .docx, .pdf with a text layer) and print what was understood (no database needed)',
    )
    .option('--json', 'print the parse result as JSON')
    .action(async (file: string, opts: { json?: boolean }) => {
      const { buffer, name } = readPlanFile(file);
      // This command's own process reads the file (no service to keep answering), under the
      // default caps; `plan import` reads it in a document worker like the API.
      const parsed = await readPlanInThread(buffer, name, DEFAULT_DOCUMENT_CAPS);
      if (opts.json) {
        process.stdout.write(`${JSON.stringify(parsed, null, 2)}\n`);
        return;
      }
      console.log(`${parsed.title}  ${parsed.documentNumber ?? ''}  ${parsed.issuedOn ?? ''}`);
      for (const item of parsed.items) {
        const due = item.deadlines.map((d) => d.date ?? d.phrase).join(', ');
        console.log(
          `${item.no}. 牵头:${item.lead.join('、')} 配合:${item.support.join('、') || '—'}${due ? ` 时限:${due}` : ''}`,
        );
      }
      for (const w of parsed.warnings) console.log(`警告 第${w.line}行: ${w.message}`);
    });

  plan
    .command('import <file>')
    .description('import a plan: tasks, assignments and reminders, in one transaction (idempotent)')
    .option(
      '--default-due <date>',
      'deadline for items that state none (YYYY-MM-DD); default: ongoing',
      localDate,
    )
    .option('--create-unknown-units', 'create units the directory does not know yet')
    .option('--preview', 'show what would be created, change nothing')
    .option(
      '--confirm-review',
      'confirm the reading of every item that needs review (see --preview: reviewItems); without it such a plan is refused',
    )
    .option(
      '--corrections <file>',
      'JSON corrections from the preview: {"units":[{"printed","departmentId"|"create"}],"items":[{"no","lead","support","dueOn","skip","confirmed"}]}',
    )
    .action(
      async (
        file: string,
        opts: {
          defaultDue?: string;
          createUnknownUnits?: boolean;
          preview?: boolean;
          confirmReview?: boolean;
          corrections?: string;
        },
      ) => {
        const { buffer, name } = readPlanFile(file);
        const input = {
          content: buffer,
          sourceName: name,
          defaultDueOn: opts.defaultDue,
          createUnknownUnits: opts.createUnknownUnits,
          confirmAllReview: opts.confirmReview,
          corrections: opts.corrections ? readCorrections(opts.corrections) : undefined,
        };
        await withContext(async (ctx) => {
          const importer = ctx.get(PlanImportService);
          const result = opts.preview
            ? await importer.preview(input)
            : await importer.commit(input, null).catch((err: unknown) => {
                throw explainReview(err);
              });
          process.stdout.write(
            `${JSON.stringify(opts.preview ? result : { ...result, warnings: undefined }, null, 2)}\n`,
          );
        });
      },
    );

  // Migrations run as the database's owner (MIGRATION_DATABASE_URL); the service connects as
  // DATABASE_URL's role, granted rows only after every migration run (src/infra/migrate/grants.ts).
  const db = program.command('db').description('database');
  const migrationUrl = () => process.env.MIGRATION_DATABASE_URL || process.env.DATABASE_URL!;
  const grant = async (role: string) => {
    const g = await grantAppRoleAt(migrationUrl(), role);
    console.log(
      `granted ${g.role}: rows of ${g.tables} tables and views; append-only (INSERT, SELECT): ${g.appendOnly.join(', ') || 'none'}`,
    );
  };
  db.command('migrate')
    .description(
      "apply prisma/migrations as MIGRATION_DATABASE_URL (the owner; default DATABASE_URL), then grant DATABASE_URL's role rows only",
    )
    .action(async () => {
      const result = await migrate(migrationUrl(), join(__dirname, '../../prisma/migrations'));
      console.log(
        `applied: ${result.applied.length ? result.applied.join(', ') : 'none'}; already applied: ${result.alreadyApplied.length}`,
      );
      const appRole = roleOfUrl(process.env.DATABASE_URL!);
      if (appRole !== roleOfUrl(migrationUrl())) await grant(appRole);
    });
  db.command('grant')
    .description(
      "grant the service's role (default: DATABASE_URL's user) rows only, as MIGRATION_DATABASE_URL (the owner); the role must exist",
    )
    .option('--role <role>', 'the role to grant')
    .action(async (opts: { role?: string }) => {
      await grant(opts.role ?? roleOfUrl(process.env.DATABASE_URL!));
    });
  registerBackupCommands(db);

  program
    .command('users')
    .description('people')
    .command('create')
    .description('create a person who can log in')
    .requiredOption('--username <username>')
    .requiredOption('--name <displayName>')
    .requiredOption(
      '--role <role>',
      'SUPERVISOR | LEADER | HEAD | LIAISON (the first ADMIN, SECURITY_ADMIN and AUDITOR: accounts:init)',
    )
    .requiredOption('--password <password>')
    .option('--department <name>', 'department name (required for HEAD and LIAISON)')
    .option('--email <email>')
    .action(
      async (opts: {
        username: string;
        name: string;
        role: string;
        password: string;
        department?: string;
        email?: string;
      }) => {
        if (isPrivilegedRole(opts.role as Role)) throw privilegedRoleAtTerminal(opts.role);
        await withContext(async (ctx) => {
          const people = ctx.get(PeopleService);
          const department = opts.department
            ? await ctx
                .get(PrismaService)
                .department.findUnique({ where: { name: opts.department } })
            : null;
          if (opts.department && !department) {
            throw departmentNotInDirectory(opts.department);
          }
          const person = await people.createPerson({
            username: opts.username,
            displayName: opts.name,
            password: opts.password,
            role: opts.role as never,
            departmentId: department?.id ?? null,
            email: opts.email,
          });
          console.log(`created ${person.username} (${person.role})`);
        });
      },
    );

  program
    .command('demo')
    .description(
      'the demo (same as `npm run demo`): reference plan, demo people, accelerated clock',
    )
    .action(() => {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      require('../../scripts/demo/main');
    });

  registerCalendarCommands(program);
  registerSecurityCommands(program);
  return program;
}

async function main(): Promise<void> {
  try {
    await buildProgram().parseAsync(process.argv);
  } catch (err) {
    if (err instanceof CliError || err instanceof DomainException || isPlanParseError(err)) {
      const e = err as { code: string; message: string; line?: number; details?: unknown };
      const line = e.line ?? (e.details as { line?: number } | undefined)?.line;
      process.stderr.write(`错误 [${e.code}]${line ? ` 第${line}行` : ''}: ${e.message}\n`);
      process.exit(2);
    }
    throw err;
  }
}

if (require.main === module) {
  main().catch((err: unknown) => {
    process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  });
}
