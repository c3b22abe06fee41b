import { getDMMF } from '@prisma/get-dmmf';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { listMigrations, migrate } from '../../src/infra/migrate/migrator';
import { createDatabase, dropDatabase } from '../../scripts/kit/services';

/**
 * Without Prisma's native engine we cannot run `prisma migrate diff` here, so this test compares
 * schema.prisma (parsed by Prisma's WASM DMMF) with the migrated database's catalogue.
 */
const MIGRATIONS = join(__dirname, '../../prisma/migrations');

type Dmmf = Exclude<ReturnType<typeof getDMMF>, { error: Error }>;

function loadDmmf(): Dmmf {
  const dmmf = getDMMF({
    datamodel: readFileSync(join(__dirname, '../../prisma/schema.prisma'), 'utf8'),
  });
  if ('error' in dmmf) throw dmmf.error;
  return dmmf;
}

describe('migrations', () => {
  const db = `duban_migrations_${process.pid}`;
  let url: string;
  let client: Client;

  beforeAll(async () => {
    // As the owner, as `duban db migrate` runs in production.
    url = (await createDatabase(db, { fresh: true })).migrationUrl;
    client = new Client({ connectionString: url });
    await client.connect();
  });

  afterAll(async () => {
    await client.end();
    await dropDatabase(db);
  });

  it('applies every migration once and records it as Prisma does', async () => {
    const first = await migrate(url, MIGRATIONS);
    expect(first.applied).toEqual(listMigrations(MIGRATIONS).map((m) => m.name));
    const second = await migrate(url, MIGRATIONS);
    expect(second.applied).toEqual([]);
    expect(second.alreadyApplied).toEqual(first.applied);
    const { rows } = await client.query(
      'SELECT migration_name, checksum, finished_at, applied_steps_count FROM "_prisma_migrations" ORDER BY migration_name',
    );
    expect(rows).toHaveLength(first.applied.length);
    for (const row of rows) {
      expect(row.finished_at).not.toBeNull();
      expect(row.checksum).toMatch(/^[0-9a-f]{64}$/);
      expect(row.applied_steps_count).toBe(1);
    }
  });

  it('refuses to go on after a migration was edited once applied', async () => {
    await client.query(`UPDATE "_prisma_migrations" SET checksum = repeat('0', 64)`);
    await expect(migrate(url, MIGRATIONS)).rejects.toThrow(/modified after it was applied/);
    await client.query('DELETE FROM "_prisma_migrations"');
    await client.query('DROP SCHEMA public CASCADE; CREATE SCHEMA public');
    await migrate(url, MIGRATIONS);
  });

  it('leaves a database that matches schema.prisma: tables, columns, nullability, enums, indexes, foreign keys', async () => {
    const dmmf = loadDmmf();
    const models = dmmf.datamodel.models;
    const columnOf = (modelName: string, field: string) => {
      const f = models.find((m) => m.name === modelName)!.fields.find((x) => x.name === field)!;
      return f.dbName ?? f.name;
    };

    const { rows: tables } = await client.query<{ table_name: string }>(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_name <> '_prisma_migrations'`,
    );
    expect(tables.map((t) => t.table_name).sort()).toEqual(
      models.map((m) => m.dbName ?? m.name).sort(),
    );

    for (const model of models) {
      const table = model.dbName ?? model.name;
      const { rows: cols } = await client.query<{ column_name: string; is_nullable: string }>(
        `SELECT column_name, is_nullable FROM information_schema.columns WHERE table_schema = 'public' AND table_name = $1`,
        [table],
      );
      const scalar = model.fields.filter((f) => f.kind === 'scalar' || f.kind === 'enum');
      expect({ table, columns: cols.map((c) => c.column_name).sort() }).toEqual({
        table,
        columns: scalar.map((f) => f.dbName ?? f.name).sort(),
      });
      for (const f of scalar) {
        const col = cols.find((c) => c.column_name === (f.dbName ?? f.name))!;
        expect({
          column: `${table}.${col.column_name}`,
          nullable: col.is_nullable === 'YES',
        }).toEqual({
          column: `${table}.${col.column_name}`,
          // Prisma creates scalar lists as nullable array columns.
          nullable: !f.isRequired || f.isList,
        });
      }
      for (const rel of model.fields.filter(
        (f) => f.kind === 'object' && f.relationFromFields?.length,
      )) {
        const target = models.find((m) => m.name === rel.type)!;
        const { rowCount } = await client.query(
          `SELECT 1 FROM pg_constraint c
           WHERE c.contype = 'f' AND c.conrelid = $1::regclass AND c.confrelid = $2::regclass
             AND (SELECT array_agg(a.attname ORDER BY a.attname) FROM pg_attribute a
                  WHERE a.attrelid = c.conrelid AND a.attnum = ANY(c.conkey)) = $3::name[]`,
          [
            table,
            target.dbName ?? target.name,
            rel.relationFromFields!.map((x) => columnOf(model.name, x)).sort(),
          ],
        );
        expect({ fk: `${table}.${rel.name}`, present: rowCount }).toEqual({
          fk: `${table}.${rel.name}`,
          present: 1,
        });
      }
    }

    const { rows: indexes } = await client.query<{
      table: string;
      unique: boolean;
      columns: string[];
    }>(
      `SELECT t.relname AS table, i.indisunique AS unique,
              array_agg(a.attname::text ORDER BY k.ord) AS columns
       FROM pg_index i
       JOIN pg_class t ON t.oid = i.indrelid
       JOIN pg_namespace n ON n.oid = t.relnamespace AND n.nspname = 'public'
       JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, ord) ON true
       JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum
       WHERE t.relname <> '_prisma_migrations'
       GROUP BY i.indexrelid, t.relname, i.indisunique`,
    );
    const actual = indexes
      .map((i) => `${i.table}(${i.columns.join(',')})${i.unique ? ' unique' : ''}`)
      .sort();
    const expected = dmmf.datamodel.indexes
      .map((ix) => {
        const model = models.find((m) => m.name === ix.model)!;
        const cols = ix.fields.map((f) => columnOf(model.name, f.name));
        return `${model.dbName ?? model.name}(${cols.join(',')})${ix.type === 'normal' ? '' : ' unique'}`;
      })
      .sort();
    expect(actual).toEqual(expected);

    const { rows: enums } = await client.query<{ name: string; values: string[] }>(
      `SELECT t.typname::text AS name, array_agg(e.enumlabel::text ORDER BY e.enumsortorder) AS values
       FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid GROUP BY t.typname`,
    );
    expect(Object.fromEntries(enums.map((e) => [e.name, e.values]))).toEqual(
      Object.fromEntries(
        dmmf.datamodel.enums.map((e) => [
          e.dbName ?? e.name,
          e.values.map((v) => v.dbName ?? v.name),
        ]),
      ),
    );
  });
});
