import { Injectable } from '@nestjs/common';
import { DomainException } from '../../common/errors/domain.exception';
import { ErrorCode } from '../../common/errors/error-codes';
import { PrismaService } from '../../infra/prisma/prisma.service';
import { AuditService } from '../audit/audit.service';
import { counterpartName } from './counterpart-names';
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

interface Candidate {
  regionId: string;
  upperId: string;
  name: string;
  isCollective: boolean;
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

  async list(regionId: string): Promise<CounterpartView[]> {
    const region = await this.regions.get(regionId);
    const rows = await this.prisma.$queryRaw<
      { id: string; name: string; counterpart_id: string | null; counterpart_name: string | null }[]
    >`
      SELECT d.id, d.name, c.counterpart_id, cd.name AS counterpart_name
      FROM department d
      LEFT JOIN department_counterpart c ON c.department_id = d.id AND c.region_id = ${regionId}::uuid
      LEFT JOIN department cd ON cd.id = c.counterpart_id
      WHERE d.region_id IS NOT DISTINCT FROM ${region.parentId}::uuid
      ORDER BY d.name`;
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
      throw new DomainException(ErrorCode.NOT_FOUND, '所选地区中有不存在的地区', [
        { field: 'regionIds', reason: '地区不存在' },
      ]);
    }
    const upperIds = [...new Set(regions.map((r) => r.parentId))];
    const uppers = await this.prisma.department.findMany({
      where: { OR: upperIds.map((id) => ({ regionId: id })) },
      select: { id: true, name: true, isCollective: true, regionId: true },
    });
    const candidates: Candidate[] = [];
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
        const created = await tx.$executeRaw`
          INSERT INTO department (id, name, is_collective, region_id)
          SELECT gen_random_uuid(), n, c, r
          FROM unnest(${candidates.map((c) => c.name)}::text[], ${candidates.map((c) => c.isCollective)}::boolean[],
                      ${candidates.map((c) => c.regionId)}::uuid[]) AS x(n, c, r)
          ON CONFLICT (name) DO NOTHING`;
        const linked = await tx.$executeRaw`
          INSERT INTO department_counterpart (department_id, region_id, counterpart_id)
          SELECT x.u, x.r, d.id
          FROM unnest(${candidates.map((c) => c.upperId)}::uuid[], ${candidates.map((c) => c.regionId)}::uuid[],
                      ${candidates.map((c) => c.name)}::text[]) AS x(u, r, n)
          -- Only a department of that very region: a name taken elsewhere stays unmapped.
          JOIN department d ON d.name = x.n AND d.region_id = x.r
          ON CONFLICT (department_id, region_id) DO NOTHING`;
        // Collective units stand for the counterparts of the upper unit's members.
        await tx.$executeRaw`
          INSERT INTO department_group_member (group_id, member_id)
          SELECT cg.counterpart_id, cm.counterpart_id
          FROM department_group_member m
          JOIN department_counterpart cg ON cg.department_id = m.group_id
          JOIN department_counterpart cm ON cm.department_id = m.member_id AND cm.region_id = cg.region_id
          WHERE cg.region_id = ANY(${regionIds}::uuid[])
          ON CONFLICT DO NOTHING`;
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
        throw invalid(
          `links[${i}].departmentId`,
          '不是上一级的部门',
          '所选部门不是该地区上一级的部门',
        );
      }
      if (l.counterpartId === null) return;
      const lower = departments.get(l.counterpartId);
      if (!lower || lower.regionId !== regionId) {
        throw invalid(
          `links[${i}].counterpartId`,
          '不是本地区的部门',
          `对应部门必须是“${region.name}”的部门`,
        );
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
    return this.list(regionId);
  }
}

function invalid(field: string, reason: string, message: string): DomainException {
  return new DomainException(ErrorCode.VALIDATION_FAILED, message, [{ field, reason }]);
}
