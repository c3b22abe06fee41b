import { Injectable } from '@nestjs/common';
import { PrismaService } from '../../infra/prisma/prisma.service';
import { DepartmentDto } from './dto/department.dto';

@Injectable()
export class DepartmentsService {
  constructor(private readonly prisma: PrismaService) {}

  async list(): Promise<DepartmentDto[]> {
    const rows = await this.prisma.department.findMany({
      orderBy: { name: 'asc' },
      select: {
        id: true,
        name: true,
        isCollective: true,
        aliases: { select: { alias: true }, orderBy: { alias: 'asc' } },
      },
    });
    return rows.map((d) => ({
      id: d.id,
      name: d.name,
      isCollective: d.isCollective,
      aliases: d.aliases.map((a) => a.alias),
    }));
  }
}
