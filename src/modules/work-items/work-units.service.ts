import { Injectable } from '@nestjs/common';
import { isUUID } from 'class-validator';
import { Role } from '../../generated/prisma/enums';
import { PrismaService } from '../../infra/prisma/prisma.service';
import { departmentInScope, regionInScope, type Scope } from '../auth/scope';
import { UnitDirectory } from '../departments/unit-directory';
import {
  departmentNotInScope,
  FieldProblem,
  leaderNotFound,
  unknownUnit,
} from './work-items.errors';

/**
 * Resolves the departments new work names, by id (in the caller's scope) or by name through the
 * office's directory and its aliases (the matching the import uses), and checks a leader.
 */
export interface UnitResolver {
  /** The department ids of `refs`, recording a problem (with suggestions) for each unknown one. */
  resolve(refs: string[], field: string, problems: FieldProblem[]): string[];
}

@Injectable()
export class WorkUnitsService {
  constructor(private readonly prisma: PrismaService) {}

  /** A resolver for every ref of one request: one read of the directory, one of the ids given. */
  async resolverFor(scope: Scope, refs: Iterable<string>): Promise<UnitResolver> {
    const ids = [...new Set([...refs].filter((r) => isUUID(r)))];
    const regionId = scope.regionId;
    const [byId, departments, aliases] = await Promise.all([
      this.prisma.department.findMany({
        where: { id: { in: ids } },
        select: { id: true, regionId: true },
      }),
      // Names are the office's own directory (a region's office names its region's units).
      this.prisma.department.findMany({
        where: { regionId },
        select: { id: true, name: true, isCollective: true },
      }),
      this.prisma.departmentAlias.findMany({
        where: { department: { regionId } },
        select: { alias: true, departmentId: true },
      }),
    ]);
    const known = new Set(
      byId
        .filter((d) => departmentInScope(scope, d.id) && regionInScope(scope, d.regionId))
        .map((d) => d.id),
    );
    const directory = new UnitDirectory(departments, aliases);
    return {
      resolve(list, field, problems) {
        const out: string[] = [];
        list.forEach((ref, i) => {
          const f = `${field}[${i}]`;
          if (isUUID(ref)) {
            if (known.has(ref)) out.push(ref);
            else problems.push(departmentNotInScope(f));
            return;
          }
          const m = directory.match(ref);
          if (m.department) out.push(m.department.id);
          else problems.push(unknownUnit(f, ref.trim(), directory.suggest(ref)));
        });
        return out;
      },
    };
  }

  /** A leader (批示领导) must be an active LEADER of the office's region subtree. */
  async checkLeader(
    scope: Scope,
    leaderId: string | null,
    problems: FieldProblem[],
    field = 'leaderId',
  ): Promise<void> {
    if (leaderId === null) return;
    const leader = isUUID(leaderId)
      ? await this.prisma.person.findUnique({
          where: { id: leaderId },
          select: { role: true, active: true, regionId: true },
        })
      : null;
    if (!leader || leader.role !== Role.LEADER || !leader.active) {
      problems.push(leaderNotFound(field));
    } else if (!regionInScope(scope, leader.regionId)) {
      problems.push(leaderNotFound(field));
    }
  }

  /** The active leaders of the office's region subtree (who may have given an instruction). */
  async leaders(scope: Scope): Promise<{ id: string; name: string }[]> {
    const rows = await this.prisma.person.findMany({
      where: {
        role: Role.LEADER,
        active: true,
        ...(scope.regionIds === null ? {} : { regionId: { in: scope.regionIds } }),
      },
      orderBy: { displayName: 'asc' },
      select: { id: true, displayName: true },
    });
    return rows.map((r) => ({ id: r.id, name: r.displayName }));
  }

  /** The leaders of the office's subtree by display name (the Excel template names them). */
  async leadersByName(scope: Scope): Promise<Map<string, string[]>> {
    const out = new Map<string, string[]>();
    for (const r of await this.leaders(scope)) out.set(r.name, [...(out.get(r.name) ?? []), r.id]);
    return out;
  }
}
