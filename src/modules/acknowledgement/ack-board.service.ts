import { Injectable } from '@nestjs/common';
import { BUSINESS_ZONE, fromDbDate, localDateOf } from '../../common/time/local-date';
import { Clock } from '../../infra/clock/clock';
import { PrismaService } from '../../infra/prisma/prisma.service';
import { boardOfficeOf, type Scope } from '../auth/scope';
import { OPEN_STATUSES } from '../tasks/task-deadline';
import {
  AckBoardFilter,
  AckItemRow,
  AckRateRow,
  selectAckItems,
  selectAckRates,
} from './ack-board.sql';
import type { AckBoardDto, AckItemDto } from './dto/acknowledgement.dto';

/** Rows per list on the board. */
export const ACK_BOARD_LIMIT = 200;

/**
 * The acknowledgement board (签收情况): per department, how its assignments were acknowledged;
 * and the pending, overdue and returned assignments the office follows up. The office's own level
 * (its region's work), limited to the caller's departments.
 */
@Injectable()
export class AckBoardService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly clock: Clock,
  ) {}

  async board(scope: Scope): Promise<AckBoardDto> {
    const filter: AckBoardFilter = {
      departmentIds: scope.departmentIds,
      officeRegionId: boardOfficeOf(scope)?.regionId ?? scope.regionId,
      today: localDateOf(this.clock.now()),
      zone: BUSINESS_ZONE,
      limit: ACK_BOARD_LIMIT,
      openStatuses: OPEN_STATUSES,
    };
    const [rates, items] = await Promise.all([
      this.prisma.$queryRaw<AckRateRow[]>(selectAckRates(filter)),
      this.prisma.$queryRaw<AckItemRow[]>(selectAckItems(filter)),
    ]);
    const listed = (list: AckItemRow['list']) => items.filter((r) => r.list === list).map(toItem);
    return {
      rates: rates.map((r) => ({
        departmentId: r.department_id,
        departmentName: r.department_name,
        total: r.total,
        onTime: r.on_time,
        late: r.late,
        pending: r.pending,
        overdue: r.overdue,
        returned: r.returned,
        onTimeRate: r.total > 0 ? Math.round((r.on_time / r.total) * 1000) / 10 : null,
      })),
      pending: listed('pending'),
      overdue: listed('overdue'),
      returned: listed('returned'),
    };
  }
}

function toItem(r: AckItemRow): AckItemDto {
  return {
    taskId: r.task_id,
    taskNo: r.task_no,
    taskText: r.task_text,
    planTitle: r.plan_title,
    departmentId: r.department_id,
    departmentName: r.department_name,
    role: r.role,
    ackState: r.ack_state,
    ackDueOn: r.ack_due_on ? fromDbDate(r.ack_due_on) : null,
    overdue: r.overdue,
    returnReason: r.return_reason,
    returnedAt: r.returned_at,
    arrivedAt: r.created_at,
  };
}
