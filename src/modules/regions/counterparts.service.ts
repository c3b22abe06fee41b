import { Injectable } from '@nestjs/common';
import { PrismaService } from '../../infra/prisma/prisma.service';
import { AuditService } from '../audit/audit.service';
import { counterpartName } from './counterpart-names';
import {
  CounterpartCandidate,
  CounterpartRow,
  insertCounterpartDepartments,
  insertCounterpartGroupMembers,
  insertCounterpartLinks,
  selectCounterparts,
} from './counterparts.sql';
import { regionOutOfScope } from '../auth/auth.errors';
import { regionInScope, type Scope } from '../auth/scope';
import {
  notRegionDepartment,
  notUpperDepartment,
  regionNotFound,
  unknownRegions,
} from './regions.errors';
import { RegionsService } from './regions.service';

export interface CounterpartView {
  /** The department of the level above. */
  departmentId: string;
  departmentName: string;
  /** Its counterpart in the region, or null when there is none yet. */
  counterpartId: string | null;
  counterpartName: string | null;
}

export interface DeriveResult {
  regions: number;
  /** Departments created in the regions. */
  created: number;
  /** Counterpart links written (existing links, which an administrator may have set, are kept). */
  linked: number;
  /** Departments of the level above that no rule could name a counterpart for, per region. */
  unmapped: { regionId: string; regionName: string; departments: string[] }[];
}

/**
 * Which department of a region answers for which department of the level above. Defaults are
 * derived from names (省民政厅 → 南京市民政局, see counterpart-names.ts) and written set-based; an
 * administrator corrects or removes any link, and re-deriving keeps those corrections.
 */
@Injectable()
export class CounterpartsService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly regions: RegionsService,
    private readonly audit: AuditService,
  ) {}

  /** A region of the caller's subtree (404 otherwise): the level above's departments and their counterparts. */
  async list(scope: Scope, regionId: string): Promise<CounterpartView[]> {
    if (!regionInScope(scope, regionId)) {
      // A region that exists out of scope answers like one that does not (and is recorded).
      if (await this.prisma.region.count({ where: { id: regionId } })) throw regionOutOfScope();
      throw regionNotFound();
    }
    return this.view(regionId);
  }

  private async view(regionId: string): Promise<CounterpartView[]> {
    const region = await this.regions.get(regionId);
    const rows = await this.prisma.$queryRaw<CounterpartRow[]>(
      selectCounterparts(regionId, region.parentId),
    );
    return rows.map((r) => ({
      departmentId: r.id,
      departmentName: r.name,
      counterpartId: r.counterpart_id,
      counterpartName: r.counterpart_name,
    }));
  }

  /**
   * Creates the regions' departments named by the rules and links them to the departments of the
   * level above. A department that already exists in the region under that name is linked, not
   * duplicated; a name already used in another region is qualified with the parent region's name
   * (南京市江宁区民政局). Collective units get the members' counterparts as members.
   */
  async derive(actorId: string | null, regionIds: string[]): Promise<DeriveResult> {
    const regions = await this.prisma.region.findMany({
      where: { id: { in: regionIds } },
      include: { parent: { select: { name: true } } },
    });
    if (regions.length !== new Set(regionIds).size) {
      throw unknownRegions();
    }
    const upperIds = [...new Set(regions.map((r) => r.parentId))];
    const uppers = await this.prisma.department.findMany({
      where: { OR: upperIds.map((id) => ({ regionId: id })) },
      select: { id: true, name: true, isCollective: true, regionId: true },
    });
    const candidates: CounterpartCandidate[] = [];
    const unmapped: DeriveResult['unmapped'] = [];
    for (const region of regions) {
      const missing: string[] = [];
      for (const d of uppers.filter((u) => u.regionId === region.parentId)) {
        const name = counterpartName(
          d.name,
          region.parent?.name ?? null,
          region.name,
          region.level,
        );
        if (name === null) missing.push(d.name);
        else
          candidates.push({
            regionId: region.id,
            upperId: d.id,
            name,
            isCollective: d.isCollective,
          });
      }
      if (missing.length)
        unmapped.push({ regionId: region.id, regionName: region.name, departments: missing });
    }
    // A name another region already uses gets the parent region's name in front.
    const taken = await this.prisma.department.findMany({
      where: { name: { in: candidates.map((c) => c.name) } },
      select: { name: true, regionId: true },
    });
    const regionOf = new Map(taken.map((t) => [t.name, t.regionId]));
    const parentNameOf = new Map(regions.map((r) => [r.id, r.parent?.name ?? '']));
    for (const c of candidates) {
      const owner = regionOf.get(c.name);
      if (owner !== undefined && owner !== c.regionId)
        c.name = `${parentNameOf.get(c.regionId)}${c.name}`;
    }

    const { created, linked } = await this.prisma.$transaction(
      async (tx) => {
        const created = await tx.$executeRaw(insertCounterpartDepartments(candidates));
        const linked = await tx.$executeRaw(insertCounterpartLinks(candidates));
        // Collective units stand for the counterparts of the upper unit's members.
        await tx.$executeRaw(insertCounterpartGroupMembers(regionIds));
        await this.audit.record(tx, {
          actorId,
          action: 'region.counterparts_derived',
          entityType: 'region',
          entityId: regionIds.length === 1 ? regionIds[0] : 'many',
          data: { regionIds, created, linked, unmapped },
        });
        return { created, linked };
      },
      { timeout: 120_000 },
    );
    return { regions: regions.length, created, linked, unmapped };
  }

  /** Sets (or with null removes) counterpart links of one region; every id is checked first. */
  async set(
    actorId: string,
    regionId: string,
    links: { departmentId: string; counterpartId: string | null }[],
  ): Promise<CounterpartView[]> {
    const region = await this.regions.get(regionId);
    const ids = [
      ...new Set(links.flatMap((l) => [l.departmentId, l.counterpartId ?? l.departmentId])),
    ];
    const departments = new Map(
      (
        await this.prisma.department.findMany({
          where: { id: { in: ids } },
          select: { id: true, name: true, regionId: true },
        })
      ).map((d) => [d.id, d]),
    );
    links.forEach((l, i) => {
      const upper = departments.get(l.departmentId);
      if (!upper || upper.regionId !== region.parentId) {
        throw notUpperDepartment(i);
      }
      if (l.counterpartId === null) return;
      const lower = departments.get(l.counterpartId);
      if (!lower || lower.regionId !== regionId) {
        throw notRegionDepartment(i, region.name);
      }
    });
    await this.prisma.$transaction(async (tx) => {
      const before = await tx.departmentCounterpart.findMany({
        where: { regionId, departmentId: { in: links.map((l) => l.departmentId) } },
      });
      await tx.departmentCounterpart.deleteMany({
        where: { regionId, departmentId: { in: links.map((l) => l.departmentId) } },
      });
      await tx.departmentCounterpart.createMany({
        data: links
          .filter((l) => l.counterpartId !== null)
          .map((l) => ({
            regionId,
            departmentId: l.departmentId,
            counterpartId: l.counterpartId!,
          })),
      });
      await this.audit.record(tx, {
        actorId,
        action: 'region.counterparts_set',
        entityType: 'region',
        entityId: regionId,
        before: {
          links: before.map((b) => ({
            departmentId: b.departmentId,
            counterpartId: b.counterpartId,
          })),
        },
        after: { links },
      });
    });
    return this.view(regionId);
  }
}
