import { Injectable } from '@nestjs/common';
import { localDateOf } from '../../common/time/local-date';
import { Clock } from '../../infra/clock/clock';
import type { Scope } from '../auth/scope';
import {
  checkItems,
  containerPolicy,
  ContainerInput,
  ResolvedContainer,
  type StoredDocument,
} from './work-input';
import { FieldProblem } from './work-items.errors';
import { WorkUnitsService } from './work-units.service';

/** A short title from an item's text when the office gave none (the first line, 30 characters). */
export function titleFrom(text: string): string {
  const line = text.trim().split(/\r?\n/)[0] ?? '';
  return line.length > 30 ? `${line.slice(0, 30)}…` : line;
}

/**
 * Weighs new work against the directory and the calendar without writing: every problem of every
 * container and item is collected (so a form or a sheet shows them all at once), and the
 * containers come back resolved (department ids, policy, dates) when there are none.
 */
@Injectable()
export class WorkPreparationService {
  constructor(
    private readonly clock: Clock,
    private readonly units: WorkUnitsService,
  ) {}

  async prepare(
    scope: Scope,
    inputs: ContainerInput[],
    document?: StoredDocument,
  ): Promise<{ resolved: ResolvedContainer[]; problems: FieldProblem[] }> {
    const today = localDateOf(this.clock.now());
    const problems: FieldProblem[] = [];
    const resolver = await this.units.resolverFor(
      scope,
      inputs.flatMap((c) => c.items.flatMap((i) => [...i.lead, ...i.support])),
    );
    const resolved: ResolvedContainer[] = [];
    for (const c of inputs) {
      const { policy, problems: policyProblems } = containerPolicy(c.source, c.policy);
      problems.push(
        ...policyProblems.map((p) => ({ field: `policy.${p.field}`, reason: p.reason })),
      );
      const dues = checkItems(c, policy, today, problems);
      await this.units.checkLeader(scope, c.leaderId, problems, c.itemField(0, 'leaderId'));
      resolved.push({
        source: c.source,
        title: c.title.trim() || titleFrom(c.items[0]?.text ?? ''),
        documentNumber: c.documentNumber?.trim() || null,
        issuedOn: c.issuedOn,
        leaderId: c.leaderId,
        policy,
        requestId: c.requestId,
        items: c.items.map((item, i) => ({
          no: i + 1,
          text: item.text.trim(),
          lead: resolver.resolve(item.lead, c.itemField(i, 'lead'), problems),
          support: resolver.resolve(item.support, c.itemField(i, 'support'), problems),
          dueOn: dues[i] ?? null,
        })),
        document,
      });
    }
    return { resolved, problems };
  }
}
