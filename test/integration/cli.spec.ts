import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '../../src/generated/prisma/client';
import { verifyPassword } from '../../src/modules/auth/password';
import { REFERENCE_PLAN, truth } from '../support/fixtures';
import { runDubanSync } from '../support/cli-process';
import { asOwner } from '../support/owner-db';

/** The operator's CLI, run as a real process, as the README tells people to run it. */
const duban = (...args: string[]) => runDubanSync(args);

describe('duban CLI', () => {
  it('plan parse --json prints the DESIGN.md shape, equal to the truth file on every item', () => {
    const r = duban('plan', 'parse', REFERENCE_PLAN, '--json');
    expect(r.code).toBe(0);
    const parsed = JSON.parse(r.stdout) as {
      title: string;
      documentNumber: string;
      issuedOn: string;
      items: {
        no: number;
        lead: string[];
        support: string[];
        deadlines: { date: string | null }[];
      }[];
      warnings: unknown[];
    };
    expect(Object.keys(parsed)).toEqual([
      'title',
      'documentNumber',
      'issuedOn',
      'items',
      'warnings',
    ]);
    expect(parsed.documentNumber).toBe('苏办〔2012〕85号');
    const expected = truth().items.map((i) => ({
      no: i.no,
      lead: i.lead,
      support: i.support,
      dates: i.deadlines.map((d) => d.date),
    }));
    expect(
      parsed.items.map((i) => ({
        no: i.no,
        lead: i.lead,
        support: i.support,
        dates: i.deadlines.map((d) => d.date),
      })),
    ).toEqual(expected);
  });

  it.each([
    ['a missing file', '/nonexistent/plan.txt', 'FILE_MISSING', Buffer.alloc(0)],
    ['an empty file', 'empty', 'EMPTY_DOCUMENT', Buffer.alloc(0)],
    [
      'a binary file',
      'binary',
      'NOT_TEXT',
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48]),
    ],
    [
      'a document without numbered items',
      'noitems',
      'NO_ITEMS',
      Buffer.from('关于加强民政工作的通知\n各单位要高度重视。\n'),
    ],
  ])('refuses %s with exit code 2 and a coded Chinese message', (_, name, code, content) => {
    let file = name;
    if (!name.startsWith('/')) {
      file = join(tmpdir(), `duban-cli-${process.pid}-${name}.txt`);
      writeFileSync(file, content);
    }
    const r = duban('plan', 'parse', file, '--json');
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(new RegExp(`^错误 \\[${code}\\]`));
    expect(r.stderr).toMatch(/[\u4e00-\u9fff]/);
  });

  it('plan import creates the plan once; importing again changes nothing', async () => {
    const prisma = new PrismaClient({
      adapter: new PrismaPg({ connectionString: process.env.DATABASE_URL! }),
    });
    try {
      await asOwner('TRUNCATE plan, department, audit_event CASCADE');
      const first = duban(
        'plan',
        'import',
        REFERENCE_PLAN,
        '--default-due',
        '2026-12-31',
        '--confirm-review',
      );
      expect(first.code).toBe(0);
      expect(JSON.parse(first.stdout)).toMatchObject({
        created: true,
        counts: { items: 80, assignments: 224, units: 45 },
      });
      const second = duban(
        'plan',
        'import',
        REFERENCE_PLAN,
        '--default-due',
        '2026-12-31',
        '--confirm-review',
      );
      expect(JSON.parse(second.stdout)).toMatchObject({ created: false });
      expect(await prisma.task.count()).toBe(80);
      expect(await prisma.plan.count()).toBe(1);
      const bad = duban('plan', 'import', REFERENCE_PLAN, '--default-due', '2026-13-45');
      expect(bad.code).not.toBe(0);
      expect(bad.stderr).toContain('YYYY-MM-DD');
    } finally {
      await asOwner('TRUNCATE plan, department, audit_event CASCADE');
      await prisma.$disconnect();
    }
  });

  it('plan import refuses items that need review, listing them, until confirmed or corrected', async () => {
    const prisma = new PrismaClient({
      adapter: new PrismaPg({ connectionString: process.env.DATABASE_URL! }),
    });
    const file = join(tmpdir(), `duban-cli-${process.pid}-review.txt`);
    // Item 2 prints no unit list: the reader flags it for review.
    writeFileSync(
      file,
      [
        '复核测试方案',
        '',
        '一、总体任务',
        '1.完善社会救助制度。(省民政厅)',
        '2.加强队伍建设。',
      ].join('\n'),
    );
    try {
      await asOwner('TRUNCATE plan, department, audit_event CASCADE');
      const refused = duban('plan', 'import', file);
      expect(refused.code).toBe(2);
      expect(refused.stdout).toBe('');
      expect(refused.stderr).toMatch(/^错误 \[REVIEW_NOT_CONFIRMED\]: 第2项/);
      expect(refused.stderr).toContain('第2项:没有找到责任单位');
      expect(refused.stderr).toContain('--confirm-review');
      expect(await prisma.task.count()).toBe(0);

      // Confirmed as read, item 2 still has no lead: the next refusal, past the review.
      const confirmed = duban('plan', 'import', file, '--confirm-review');
      expect(confirmed.stderr).toMatch(/^错误 \[ITEMS_WITHOUT_LEAD\]/);

      const corrections = join(tmpdir(), `duban-cli-${process.pid}-review.json`);
      writeFileSync(corrections, JSON.stringify({ items: [{ no: 2, lead: ['省民政厅'] }] }));
      const corrected = duban('plan', 'import', file, '--corrections', corrections);
      expect(corrected.code).toBe(0);
      expect(JSON.parse(corrected.stdout)).toMatchObject({ created: true, counts: { items: 2 } });
    } finally {
      await asOwner('TRUNCATE plan, department, audit_event CASCADE');
      await prisma.$disconnect();
    }
  });

  describe('security commands', () => {
    const prisma = new PrismaClient({
      adapter: new PrismaPg({ connectionString: process.env.DATABASE_URL! }),
    });
    const PRIVILEGED = ['ADMIN', 'SECURITY_ADMIN', 'AUDITOR'] as const;
    // Like the import tests above: this suite owns the database while it runs.
    const clearPrivileged = () => asOwner('TRUNCATE person CASCADE');

    beforeAll(clearPrivileged);
    afterAll(async () => {
      await clearPrivileged();
      await prisma.$disconnect();
    });

    it('accounts:init refuses the same person for two roles, and creates nothing', async () => {
      const r = duban(
        'accounts:init',
        '--admin',
        'cli.same',
        '--security-admin',
        'CLI.SAME',
        '--auditor',
        'cli.audit',
      );
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/^错误 \[VALIDATION_FAILED\]: 账号“CLI.SAME”出现了两次/);
      expect(await prisma.person.count({ where: { role: { in: [...PRIVILEGED] } } })).toBe(0);
    });

    it('accounts:init creates three people with one-time passwords, once', async () => {
      const r = duban(
        'accounts:init',
        '--admin',
        'cli.admin',
        '--security-admin',
        'cli.secadmin',
        '--auditor',
        'cli.auditor',
      );
      expect(r.code).toBe(0);
      const people = await prisma.person.findMany({
        where: { role: { in: [...PRIVILEGED] } },
        orderBy: { role: 'asc' },
      });
      expect(people.map((p) => [p.role, p.username])).toEqual([
        ['ADMIN', 'cli.admin'],
        ['SECURITY_ADMIN', 'cli.secadmin'],
        ['AUDITOR', 'cli.auditor'],
      ]);
      // Each printed password is the stored one, strong, and different from the others.
      const printed = people.map((p) => {
        const line = r.stdout.split('\n').find((l) => l.includes(` ${p.username} `))!;
        return line.trim().split(/\s+/).pop()!;
      });
      for (const [i, p] of people.entries()) {
        expect(printed[i]).toMatch(/^(?=.*[A-Z])(?=.*[a-z])(?=.*\d)(?=.*[^A-Za-z\d]).{20}$/);
        await expect(verifyPassword(printed[i]!, p.passwordHash)).resolves.toBe(true);
      }
      expect(new Set(printed).size).toBe(3);
      const created = await prisma.auditEvent.findMany({
        where: { action: 'person.created', entityId: { in: people.map((p) => p.id) } },
      });
      expect(created).toHaveLength(3);
      expect(JSON.stringify(created.map((e) => e.data))).not.toContain(printed[0]);

      const again = duban(
        'accounts:init',
        '--admin',
        'cli.admin2',
        '--security-admin',
        'cli.secadmin2',
        '--auditor',
        'cli.auditor2',
      );
      expect(again.code).toBe(2);
      expect(again.stderr).toMatch(/^错误 \[CONFLICT\]: 已有账号:cli.admin\(ADMIN\)/);
      expect(await prisma.person.count({ where: { role: { in: [...PRIVILEGED] } } })).toBe(3);
    });

    it('users create refuses the privileged roles', () => {
      for (const role of PRIVILEGED) {
        const r = duban(
          'users',
          'create',
          '--username',
          'cli.priv',
          '--name',
          '特权',
          '--role',
          role,
          '--password',
          'long-enough-pass-1',
        );
        expect(r.code).toBe(2);
        expect(r.stderr).toMatch(/^错误 \[FORBIDDEN\]: .*accounts:init/);
      }
    });

    it('audit:archive refuses a retention under 180 days, and archives nothing recent', () => {
      const short = runDubanSync(['audit:archive'], { AUDIT_RETENTION_DAYS: '179' });
      expect(short.code).not.toBe(0);
      expect(short.stderr).toContain('AUDIT_RETENTION_DAYS must not be less than 180');
      const dir = join(tmpdir(), `duban-cli-archive-${process.pid}`);
      const kept = runDubanSync(['audit:archive'], {
        AUDIT_RETENTION_DAYS: '36500',
        AUDIT_ARCHIVE_DIR: dir,
      });
      expect(kept.code).toBe(0);
      expect(JSON.parse(kept.stdout)).toEqual({ archived: [] });
    });
  });
});
