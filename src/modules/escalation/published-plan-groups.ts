import { PrismaService, Tx } from '../../infra/prisma/prisma.service';
import { PlanPolicy } from '../plan-policy/plan-policy';
import { policyOf } from '../plan-policy/resolve-policy';

export interface PlanGroup {
  /** The policy of the group's first plan (the others agree on what `key` reads). */
  policy: PlanPolicy;
  planIds: string[];
}

/**
 * The published plans (drafts are not watched), grouped by the rules of their policy that a sweep
 * reads (`key`): a sweep runs its set-based statements once per group rather than per plan (a
 * national cascade has 1,300 plans).
 */
export async function publishedPlanGroups(
  db: Tx | PrismaService,
  key: (policy: PlanPolicy) => string,
): Promise<PlanGroup[]> {
  const plans = await db.plan.findMany({
    where: { publishedAt: { not: null } },
    select: { id: true, policy: true },
  });
  const groups = new Map<string, PlanGroup>();
  for (const p of plans) {
    const policy = policyOf(p.policy);
    const k = key(policy);
    const g = groups.get(k) ?? { policy, planIds: [] };
    g.planIds.push(p.id);
    groups.set(k, g);
  }
  return [...groups.values()];
}
