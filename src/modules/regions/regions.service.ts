import { Injectable } from '@nestjs/common';
import { Prisma } from '../../generated/prisma/client';
import type { RegionLevel } from '../../generated/prisma/enums';
import { PrismaService, Tx } from '../../infra/prisma/prisma.service';
import { AuditService } from '../audit/audit.service';
import {
  parentRegionMissing,
  regionCodeTaken,
  regionCycle,
  regionLevelNotBelow,
  regionNotFound,
} from './regions.errors';
import { selectRegionSubtree } from './regions.sql';
import type { Scope } from '../auth/scope';
import { regionWhere } from '../auth/scope-where';

/** Levels from the top down; a region sits strictly below its parent. */
const LEVEL_RANK: Record<RegionLevel, number> = { PROVINCE: 0, CITY: 1, COUNTY: 2 };
const LEVEL_NAME: Record<RegionLevel, string> = { PROVINCE: '省', CITY: '市', COUNTY: '县(区)' };

export interface RegionView {
  id: string;
  code: string;
  name: string;
  level: RegionLevel;
  parentId: string | null;
  departmentCount: number;
}

/**
 * The hierarchy below the office running duban: cities, counties (and provinces, for a national
 * office). The office itself is the level above the top regions; its departments and plans have no
 * region. A region's parent chain never loops (checked here with a clear message, and by a trigger).
 */
@Injectable()
export class RegionsService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly audit: AuditService,
  ) {}

  /** The regions of the caller's subtree (every region for the top level). */
  async list(scope: Scope): Promise<RegionView[]> {
    const rows = await this.prisma.region.findMany({
      where: regionWhere(scope),
      orderBy: [{ code: 'asc' }],
      include: { _count: { select: { departments: true } } },
    });
    return rows.map((r) => ({
      id: r.id,
      code: r.code,
      name: r.name,
      level: r.level,
      parentId: r.parentId,
      departmentCount: r._count.departments,
    }));
  }

  async get(id: string) {
    const region = await this.prisma.region.findUnique({ where: { id } });
    if (!region) throw regionNotFound();
    return region;
  }

  async create(
    actorId: string | null,
    input: { code: string; name: string; level: RegionLevel; parentId?: string | null },
  ): Promise<RegionView> {
    const parentId = input.parentId ?? null;
    await this.assertLevelBelow(input.level, parentId);
    try {
      return await this.prisma.$transaction(async (tx) => {
        const r = await tx.region.create({
          data: { code: input.code.trim(), name: input.name.trim(), level: input.level, parentId },
        });
        await this.audit.record(tx, {
          actorId,
          action: 'region.created',
          entityType: 'region',
          entityId: r.id,
          after: { code: r.code, name: r.name, level: r.level, parentId },
        });
        return { ...r, departmentCount: 0 };
      });
    } catch (e) {
      if (e instanceof Prisma.PrismaClientKnownRequestError && e.code === 'P2002') {
        throw regionCodeTaken(input.code);
      }
      throw e;
    }
  }

  /** Moves a region under another parent (null = directly below the office). */
  async move(actorId: string | null, id: string, parentId: string | null): Promise<RegionView> {
    const region = await this.get(id);
    if (parentId !== null && (await this.subtreeIds([id])).includes(parentId)) {
      throw regionCycle(region.name);
    }
    await this.assertLevelBelow(region.level, parentId);
    return this.prisma.$transaction(async (tx) => {
      const r = await tx.region.update({
        where: { id },
        data: { parentId },
        include: { _count: { select: { departments: true } } },
      });
      await this.audit.record(tx, {
        actorId,
        action: 'region.moved',
        entityType: 'region',
        entityId: id,
        before: { parentId: region.parentId },
        after: { parentId },
      });
      return { ...r, departmentCount: r._count.departments };
    });
  }

  /** These regions and every region below them. */
  async subtreeIds(rootIds: string[], db: Tx | PrismaService = this.prisma): Promise<string[]> {
    if (rootIds.length === 0) return [];
    const rows = await db.$queryRaw<{ id: string }[]>(selectRegionSubtree(rootIds));
    return rows.map((r) => r.id);
  }

  private async assertLevelBelow(level: RegionLevel, parentId: string | null): Promise<void> {
    if (parentId === null) return;
    const parent = await this.prisma.region.findUnique({ where: { id: parentId } });
    if (!parent) {
      throw parentRegionMissing();
    }
    if (LEVEL_RANK[level] <= LEVEL_RANK[parent.level]) {
      throw regionLevelNotBelow(LEVEL_NAME[level], LEVEL_NAME[parent.level], parent.name);
    }
  }
}
