import { Injectable } from '@nestjs/common';
import { AppConfig } from '../../config/app-config.service';
import { PrismaService } from '../../infra/prisma/prisma.service';
import { AuditService } from '../audit/audit.service';
import { defaultPolicy, policyFrom, SecurityPolicy } from './security-policy';

/** Another process's change is seen within this long; this process's own at once. */
const CACHE_MS = 30_000;

/**
 * The stored security policy, read through a short in-memory cache (the guard reads the session
 * limits on every request). The row is created on first read with the run mode's defaults.
 */
@Injectable()
export class SecurityPolicyService {
  private cached?: { policy: SecurityPolicy; until: number };

  constructor(
    private readonly prisma: PrismaService,
    private readonly config: AppConfig,
    private readonly audit: AuditService,
  ) {}

  get defaults(): SecurityPolicy {
    const kind =
      this.config.get('SECURITY_POLICY_DEFAULTS') ??
      (this.config.get('DUBAN_MODE') === 'production' ? 'strict' : 'relaxed');
    return defaultPolicy(kind);
  }

  async get(): Promise<SecurityPolicy> {
    const cached = this.cached;
    if (cached && cached.until > performance.now()) return cached.policy;
    // Not Prisma's upsert: concurrent first reads each tried the insert and all but one failed on
    // the key (HTTP 500 on simultaneous first sign-ins). ON CONFLICT lets every one of them through.
    await this.prisma.$executeRaw`
      INSERT INTO security_policy (id, rules) VALUES (1, ${JSON.stringify(this.defaults)}::jsonb)
      ON CONFLICT (id) DO NOTHING`;
    const row = await this.prisma.securityPolicy.findUniqueOrThrow({
      where: { id: 1 },
      select: { rules: true },
    });
    const policy = policyFrom(row.rules, this.defaults);
    this.cached = { policy, until: performance.now() + CACHE_MS };
    return policy;
  }

  /** Replaces the policy (validated by the DTO) and records the change with before and after. */
  async update(actorId: string, next: SecurityPolicy): Promise<SecurityPolicy> {
    const before = await this.get();
    const policy = policyFrom(next, this.defaults);
    await this.prisma.$transaction(async (tx) => {
      await tx.securityPolicy.upsert({
        where: { id: 1 },
        create: { id: 1, rules: policy as object, updatedBy: actorId },
        update: { rules: policy as object, updatedBy: actorId, updatedAt: new Date() },
      });
      await this.audit.record(tx, {
        actorId,
        action: 'security.policy.changed',
        entityType: 'security_policy',
        entityId: '1',
        before,
        after: policy,
      });
    });
    this.cached = undefined;
    return this.get();
  }

  /** Forgets the cached policy (tests that write the row directly). */
  forget(): void {
    this.cached = undefined;
  }
}
