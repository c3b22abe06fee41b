import { Injectable } from '@nestjs/common';
import {
  renderBulletinDocument,
  type BulletinInput,
} from '../../common/documents/bulletin.document';
import { bulletinNo, officeName } from '../../common/documents/document-numbers';
import { reserveDocumentNumbers } from '../../common/documents/document-sequence.sql';
import { notFound, OutOfScope } from '../../common/errors/domain.exception';
import { localDateOf, toDbDate } from '../../common/time/local-date';
import { AppConfig } from '../../config/app-config.service';
import { Clock } from '../../infra/clock/clock';
import { PrismaService } from '../../infra/prisma/prisma.service';
import { AuditService } from '../audit/audit.service';
import { regionInScope, type Scope } from '../auth/scope';
import { BulletinService } from './bulletin.service';
import type { BulletinDto } from './dto/bulletin.dto';
import type { IssuedBulletinDto } from './dto/bulletin-issue.dto';
import type { PeriodQuery } from './dto/stats.dto';

/** A rendered bulletin, ready to download. */
export interface BulletinFile {
  filename: string;
  content: Buffer;
}

/**
 * The bulletin (通报) as an official .docx. The draft downloads without a number (the number line
 * is left blank, as on a draft for signature); issuing it numbers it 通报〔年〕N号 from the
 * office's own yearly series (the caller's office: its region, or the top office) and keeps the
 * draft as it stood, so the issued document reads the same at every download.
 */
@Injectable()
export class BulletinDocumentsService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly clock: Clock,
    private readonly config: AppConfig,
    private readonly audit: AuditService,
    private readonly bulletins: BulletinService,
  ) {}

  async draft(scope: Scope, q: PeriodQuery): Promise<BulletinFile> {
    const draft = await this.bulletins.draft(scope, { ...q, format: 'json' });
    const today = localDateOf(this.clock.now());
    const issuer = await this.issuerOf(scope.regionId);
    return {
      filename: `督查通报(草稿)-${today}.docx`,
      content: await renderBulletinDocument(inputOf(draft, issuer, null, today)),
    };
  }

  async issue(scope: Scope, q: PeriodQuery): Promise<IssuedBulletinDto> {
    const draft = await this.bulletins.draft(scope, { ...q, format: 'json' });
    const now = this.clock.now();
    const year = Number(localDateOf(now).slice(0, 4));
    const regionId = scope.regionId;
    const row = await this.prisma.$transaction(async (tx) => {
      const [{ last }] = await tx.$queryRaw<{ last: number }[]>(
        reserveDocumentNumbers('BULLETIN', regionId, year, 1),
      );
      const created = await tx.bulletin.create({
        data: {
          regionId,
          year,
          seq: last,
          number: bulletinNo(year, last),
          planId: q.planId ?? null,
          periodFrom: toDbDate(draft.from),
          periodTo: toDbDate(draft.to),
          content: JSON.parse(JSON.stringify(draft)) as object,
          issuedById: scope.user.id,
          issuedAt: now,
        },
      });
      await this.audit.record(tx, {
        actorId: scope.user.id,
        action: 'bulletin.issued',
        entityType: 'bulletin',
        entityId: created.id,
        data: { number: created.number, from: draft.from, to: draft.to, planId: q.planId ?? null },
      });
      return created;
    });
    return {
      id: row.id,
      number: row.number,
      from: draft.from,
      to: draft.to,
      issuedAt: row.issuedAt,
      documentPath: `/supervision/bulletins/${row.id}.docx`,
    };
  }

  /** An issued bulletin, rendered from the draft it was issued from. */
  async issued(scope: Scope, id: string): Promise<BulletinFile> {
    const row = await this.prisma.bulletin.findUnique({ where: { id } });
    if (!row) throw notFound('该通报');
    if (!regionInScope(scope, row.regionId)) throw new OutOfScope('该通报');
    const issuer = await this.issuerOf(row.regionId);
    const draft = row.content as unknown as BulletinDto;
    return {
      filename: `督查通报-${row.number}.docx`,
      content: await renderBulletinDocument(
        inputOf(draft, issuer, row.number, localDateOf(row.issuedAt)),
      ),
    };
  }

  private async issuerOf(regionId: string | null): Promise<string> {
    const region = regionId
      ? await this.prisma.region.findUnique({ where: { id: regionId }, select: { name: true } })
      : null;
    return officeName(this.config.get('OFFICE_NAME'), region?.name ?? null);
  }
}

function inputOf(
  b: BulletinDto,
  issuer: string,
  number: string | null,
  issuedOn: string,
): BulletinInput {
  return {
    issuer,
    number,
    issuedOn,
    from: b.from,
    to: b.to,
    asOf: b.asOf,
    planTitle: b.planTitle,
    totals: b.totals,
    closed: b.closed,
    overdue: b.overdue,
    laggards: b.laggards,
  };
}
