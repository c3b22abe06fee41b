import { Injectable } from '@nestjs/common';
import { fromDbDate, localDateOf, toDbDate } from '../../common/time/local-date';
import type { Prisma } from '../../generated/prisma/client';
import { Role } from '../../generated/prisma/enums';
import { Clock } from '../../infra/clock/clock';
import { PrismaService } from '../../infra/prisma/prisma.service';
import { AuditService } from '../audit/audit.service';
import type { Scope } from '../auth/scope';
import { CreateDeputyDto, DeputyCandidateDto, DeputyDto } from './dto/deputy.dto';
import {
  deputyAlreadyRevoked,
  deputyIsSelf,
  deputyNotEligible,
  deputyNotFound,
  deputyOverlap,
  periodPast,
  periodReversed,
} from './deputies.errors';

const INCLUDE = {
  person: { select: { displayName: true } },
  deputy: { select: { displayName: true, department: { select: { name: true } } } },
} as const satisfies Prisma.DeputyInclude;
type DeputyRow = Prisma.DeputyGetPayload<{ include: typeof INCLUDE }>;

/** The roles that name deputies and may be named (委托). */
const DEPUTY_ROLES: Role[] = [Role.LIAISON, Role.HEAD];

/**
 * Deputies (委托): a liaison or head names an active liaison or head of their region subtree for a
 * period; during it the deputy receives the person's messages (notifications' delivery routing)
 * and acts in their department (the scope's `actingFor`). Periods of one person never overlap;
 * naming is serialized per person by locking their row.
 */
@Injectable()
export class DeputiesService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly clock: Clock,
    private readonly audit: AuditService,
  ) {}

  /** Deputyships I named, and those naming me, newest first. */
  async mine(scope: Scope): Promise<DeputyDto[]> {
    const me = scope.user.id;
    const rows = await this.prisma.deputy.findMany({
      where: { OR: [{ personId: me }, { deputyId: me }] },
      include: INCLUDE,
      orderBy: [{ startsOn: 'desc' }, { id: 'asc' }],
    });
    return rows.map((r) => this.view(r));
  }

  /** The office: deputyships not revoked and not over, of people in its region subtree. */
  async inScope(scope: Scope): Promise<DeputyDto[]> {
    const today = toDbDate(localDateOf(this.clock.now()));
    const rows = await this.prisma.deputy.findMany({
      where: {
        revokedAt: null,
        endsOn: { gte: today },
        ...(scope.regionIds === null
          ? {}
          : { person: { department: { regionId: { in: scope.regionIds } } } }),
      },
      include: INCLUDE,
      orderBy: [{ startsOn: 'asc' }, { id: 'asc' }],
      take: 1000,
    });
    return rows.map((r) => this.view(r));
  }

  /** Colleagues one may name: active liaisons and heads of the caller's region subtree but oneself. */
  async candidates(scope: Scope): Promise<DeputyCandidateDto[]> {
    const people = await this.prisma.person.findMany({
      where: this.eligible(scope, { id: { not: scope.user.id } }),
      select: { id: true, displayName: true, role: true, department: { select: { name: true } } },
      orderBy: [{ department: { name: 'asc' } }, { displayName: 'asc' }],
      take: 1000,
    });
    return people.map((p) => ({
      id: p.id,
      displayName: p.displayName,
      department: p.department?.name ?? null,
      role: p.role,
    }));
  }

  async create(scope: Scope, dto: CreateDeputyDto): Promise<DeputyDto> {
    const me = scope.user.id;
    if (dto.deputyId === me) throw deputyIsSelf();
    if (dto.endsOn < dto.startsOn) throw periodReversed();
    const today = localDateOf(this.clock.now());
    if (dto.endsOn < today) throw periodPast(today);
    const eligible = await this.prisma.person.count({
      where: this.eligible(scope, { id: dto.deputyId }),
    });
    if (eligible === 0) throw deputyNotEligible();
    return this.prisma.$transaction(async (tx) => {
      // One naming at a time per person: the overlap check below stays true until commit. NO KEY
      // UPDATE, not UPDATE: the deputy row's foreign keys take KEY SHARE locks on both people, and
      // two colleagues naming each other at once must not deadlock.
      await tx.$queryRaw`SELECT id FROM person WHERE id = ${me}::uuid FOR NO KEY UPDATE`;
      const overlapping = await tx.deputy.findFirst({
        where: {
          personId: me,
          revokedAt: null,
          startsOn: { lte: toDbDate(dto.endsOn) },
          endsOn: { gte: toDbDate(dto.startsOn) },
        },
      });
      if (overlapping) {
        throw deputyOverlap({
          startsOn: fromDbDate(overlapping.startsOn),
          endsOn: fromDbDate(overlapping.endsOn),
        });
      }
      const row = await tx.deputy.create({
        data: {
          personId: me,
          deputyId: dto.deputyId,
          startsOn: toDbDate(dto.startsOn),
          endsOn: toDbDate(dto.endsOn),
          createdAt: this.clock.now(),
        },
        include: INCLUDE,
      });
      await this.audit.record(tx, {
        actorId: me,
        action: 'deputy.named',
        entityType: 'deputy',
        entityId: row.id,
        data: { deputyId: dto.deputyId, startsOn: dto.startsOn, endsOn: dto.endsOn },
      });
      return this.view(row);
    });
  }

  /** Revokes one of the caller's own deputyships (404 for anyone else's). */
  async revoke(scope: Scope, id: string): Promise<DeputyDto> {
    const me = scope.user.id;
    return this.prisma.$transaction(async (tx) => {
      const current = await tx.deputy.findFirst({ where: { id, personId: me } });
      if (!current) throw deputyNotFound();
      if (current.revokedAt) throw deputyAlreadyRevoked();
      const row = await tx.deputy.update({
        where: { id },
        data: { revokedAt: this.clock.now() },
        include: INCLUDE,
      });
      await this.audit.record(tx, {
        actorId: me,
        action: 'deputy.revoked',
        entityType: 'deputy',
        entityId: id,
        data: { deputyId: current.deputyId },
      });
      return this.view(row);
    });
  }

  private eligible(scope: Scope, extra: Prisma.PersonWhereInput): Prisma.PersonWhereInput {
    return {
      ...extra,
      active: true,
      role: { in: DEPUTY_ROLES },
      department:
        scope.regionIds === null ? { isNot: null } : { is: { regionId: { in: scope.regionIds } } },
    };
  }

  private view(r: DeputyRow): DeputyDto {
    const today = localDateOf(this.clock.now());
    const startsOn = fromDbDate(r.startsOn);
    const endsOn = fromDbDate(r.endsOn);
    return {
      id: r.id,
      personId: r.personId,
      person: r.person.displayName,
      deputyId: r.deputyId,
      deputy: r.deputy.displayName,
      deputyDepartment: r.deputy.department?.name ?? null,
      startsOn,
      endsOn,
      createdAt: r.createdAt,
      revokedAt: r.revokedAt,
      active: !r.revokedAt && startsOn <= today && today <= endsOn,
    };
  }
}
