import type { WorkSource } from '../../generated/prisma/enums';
import { PlanPolicy } from './plan-policy';

type PolicyDefaults = { [K in keyof PlanPolicy]?: Partial<PlanPolicy[K]> };

/**
 * Each source's default policy (DESIGN.md "Where work comes from"), stored with the work when it is
 * created; the office may change it like any plan's. What a source leaves out is the plan default.
 * 批示件: acknowledged within 1 working day, first report within 5 working days, then weekly
 * (Fridays) until closed, closure reviewed by the leader who gave the instruction.
 */
export const SOURCE_POLICY_DEFAULTS: Readonly<Record<WorkSource, PolicyDefaults>> = {
  PLAN: {},
  SINGLE: {},
  INSTRUCTION: {
    acknowledgement: { workingDays: 1 },
    reporting: { cadence: 'weekly', dueDay: 5, firstWithin: 5 },
    review: { leader: true },
  },
  MEETING: {},
  HIGHER: {},
  NPC_PROPOSAL: {},
  CPPCC_PROPOSAL: {},
};

/**
 * The policy to store for new work of `source`: the source's defaults under what the office gave
 * (section by section), to be validated by resolvePolicy.
 */
export function sourcePolicyInput(source: WorkSource, given: unknown): Record<string, unknown> {
  const input: Record<string, unknown> =
    given && typeof given === 'object' && !Array.isArray(given) ? { ...given } : {};
  for (const [key, defaults] of Object.entries(SOURCE_POLICY_DEFAULTS[source]) as [
    string,
    Record<string, unknown>,
  ][]) {
    const value: unknown = input[key];
    input[key] =
      value !== null && typeof value === 'object' && !Array.isArray(value)
        ? { ...defaults, ...(value as Record<string, unknown>) }
        : (value ?? defaults);
  }
  return input;
}
