import { Injectable } from '@nestjs/common';
import ical, { ICalCalendarMethod } from 'ical-generator';
import { createHash, randomBytes } from 'node:crypto';
import { AppConfig } from '../../config/app-config.service';
import { Clock } from '../../infra/clock/clock';
import { PrismaService } from '../../infra/prisma/prisma.service';
import { AuditService } from '../audit/audit.service';
import { fromDbDate, toDbDate } from '../../common/time/local-date';
import { STATE_LABELS } from '../tasks/domain/task-state-machine';
import { FeedAssignmentRow, selectFeedAssignments } from './calendar-feed.sql';
import { CalendarFeedDto } from './dto/calendar-feed.dto';
import { departmentNotFound, feedNotFound } from './supervision.errors';

/** Bytes of randomness in a feed token (256 bits: unguessable, and so safe to store as a plain hash). */
const TOKEN_BYTES = 32;
const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;

export const hashFeedToken = (token: string) => createHash('sha256').update(token).digest('hex');

const summaryText = (text: string) => (text.length > 40 ? `${text.slice(0, 40)}…` : text);

/**
 * Per-department iCal feeds of deadlines. Calendar apps cannot log in, so the address carries a
 * private random token; only its SHA-256 is stored, and an administrator's rotation replaces it
 * (the old address then answers 404).
 */
@Injectable()
export class CalendarFeedService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly clock: Clock,
    private readonly config: AppConfig,
    private readonly audit: AuditService,
  ) {}

  /** A new token for the department, replacing any earlier one. */
  async rotate(actorId: string, departmentId: string): Promise<CalendarFeedDto> {
    const department = await this.prisma.department.findUnique({
      where: { id: departmentId },
      select: { id: true },
    });
    if (!department) throw departmentNotFound();
    const token = randomBytes(TOKEN_BYTES).toString('base64url');
    const createdAt = this.clock.now();
    await this.prisma.$transaction(async (tx) => {
      const data = { tokenHash: hashFeedToken(token), createdById: actorId, createdAt };
      const before = await tx.departmentCalendarFeed.findUnique({ where: { departmentId } });
      await tx.departmentCalendarFeed.upsert({
        where: { departmentId },
        create: { departmentId, ...data },
        update: data,
      });
      await this.audit.record(tx, {
        actorId,
        action: 'calendar_feed.rotated',
        entityType: 'department',
        entityId: departmentId,
        // Never the token or its hash: only when.
        before: before ? { createdAt: before.createdAt } : null,
        after: { createdAt },
      });
    });
    return { departmentId, token, url: this.urlOf(token), createdAt };
  }

  urlOf(token: string): string {
    return `${this.config.get('PUBLIC_URL').replace(/\/$/, '')}/api/v1/supervision/calendar-feeds/${token}/deadlines.ics`;
  }

  /** The department's open deadlines as iCalendar text; 404 for an unknown or rotated token. */
  async feed(token: string): Promise<string> {
    const feed = TOKEN_SHAPE.test(token)
      ? await this.prisma.departmentCalendarFeed.findUnique({
          where: { tokenHash: hashFeedToken(token) },
          select: { department: { select: { id: true, name: true } } },
        })
      : null;
    if (!feed) throw feedNotFound();
    const { id: departmentId, name } = feed.department;
    const rows = await this.prisma.$queryRaw<FeedAssignmentRow[]>(
      selectFeedAssignments(departmentId),
    );
    const base = this.config.get('PUBLIC_URL').replace(/\/$/, '');
    const cal = ical({
      name: `${name}督办事项完成时限`,
      description: `${name}承担的督办事项完成时限(督办系统自动生成,请勿直接回复)`,
      method: ICalCalendarMethod.PUBLISH,
      ttl: 60 * 60,
      prodId: { company: 'duban', product: 'duban', language: 'ZH' },
    });
    const stamp = this.clock.now();
    for (const r of rows) {
      const role = r.role === 'LEAD' ? '牵头' : '配合';
      const description = [
        `方案:${r.plan_title}`,
        `第${r.no}项:${r.text}`,
        `本单位:${role}`,
        `状态:${STATE_LABELS[r.status]}`,
      ].join('\n');
      const url = `${base}/api/v1/tasks/${r.task_id}`;
      if (r.due_on) {
        cal.createEvent({
          id: `task-${r.task_id}-${departmentId}@duban`,
          start: toDbDate(fromDbDate(r.due_on)),
          allDay: true,
          stamp,
          summary: `【${role}】第${r.no}项完成时限:${summaryText(r.text)}`,
          description,
          url,
        });
      }
      if (r.sub_due_on) {
        cal.createEvent({
          id: `sub-${r.assignment_id}@duban`,
          start: toDbDate(fromDbDate(r.sub_due_on)),
          allDay: true,
          stamp,
          summary: `【配合】第${r.no}项向牵头单位报送时限:${summaryText(r.text)}`,
          description,
          url,
        });
      }
    }
    return cal.toString();
  }
}
