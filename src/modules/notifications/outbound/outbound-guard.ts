import { Injectable } from '@nestjs/common';
import { lookup as dnsLookup } from 'node:dns/promises';
import type { LookupAddress, LookupOptions } from 'node:dns';
import { AppConfig } from '../../../config/app-config.service';
import { PrismaService } from '../../../infra/prisma/prisma.service';
import type { RobotKind } from '../../../generated/prisma/enums';
import {
  checkResolvedAddresses,
  checkWebhookUrl,
  type WebhookPolicy,
  type WebhookRefusal,
} from './webhook-policy';

/** Resolves a host name to every address DNS gives (injectable: tests answer for names). */
@Injectable()
export class HostResolver {
  async resolve(hostname: string): Promise<string[]> {
    const found = await dnsLookup(hostname, { all: true, verbatim: true });
    return found.map((a) => a.address);
  }
}

/** A webhook the policy refuses; `reason` is keyed to a Chinese message by the callers. */
export class WebhookRefused extends Error {
  constructor(
    readonly reason: WebhookRefusal,
    readonly detail?: string,
  ) {
    super(`webhook refused: ${reason}${detail ? ` (${detail})` : ''}`);
    this.name = 'WebhookRefused';
  }
}

/** `lookup` as `net.connect` calls it: with `all: true` (family autoselection) or without. */
export type ConnectLookup = (
  hostname: string,
  options: LookupOptions,
  callback: (
    err: NodeJS.ErrnoException | null,
    address: string | LookupAddress[],
    family?: number,
  ) => void,
) => void;

/**
 * Applies the webhook policy (webhook-policy.ts) with what it needs from outside: the
 * administrator's host list (table robot_allowed_host, read on each check so that a change applies
 * to what is still queued) and the ROBOT_ALLOW_PRIVATE_TARGETS escape hatch (refused in
 * production by the configuration). `lookupFor` is the send-time half: the socket's own DNS
 * lookup, so that the addresses checked are the ones connected to (DNS rebinding cannot swap them).
 */
@Injectable()
export class OutboundGuard {
  private readonly allowLocal: boolean;

  constructor(
    private readonly prisma: PrismaService,
    private readonly resolver: HostResolver,
    config: AppConfig,
  ) {
    this.allowLocal = config.get('ROBOT_ALLOW_PRIVATE_TARGETS');
  }

  async allowedHosts(): Promise<string[]> {
    const rows = await this.prisma.robotAllowedHost.findMany({ select: { host: true } });
    return rows.map((r) => r.host);
  }

  /**
   * The checks without DNS (create, update, and before each send); throws WebhookRefused. The
   * administrator's list is read only for a host the platforms' list does not cover.
   */
  async assertUrl(webhookUrl: string, kind: RobotKind): Promise<WebhookPolicy> {
    let policy: WebhookPolicy = { allowedHosts: [], allowLocal: this.allowLocal };
    let refusal = checkWebhookUrl(webhookUrl, kind, policy);
    if (refusal === 'host-not-allowed') {
      policy = { ...policy, allowedHosts: await this.allowedHosts() };
      refusal = checkWebhookUrl(webhookUrl, kind, policy);
    }
    if (refusal) throw new WebhookRefused(refusal);
    return policy;
  }

  /**
   * Before each send: the URL checks again (the host list or the robot may have changed since it
   * was saved), then the checked lookup for the connection. Throws WebhookRefused.
   */
  async prepare(webhookUrl: string, kind: RobotKind): Promise<ConnectLookup> {
    return this.lookupFor(await this.assertUrl(webhookUrl, kind));
  }

  /**
   * A lookup for http(s).request that resolves the host, refuses unless every address passes
   * (WebhookRefused, surfaced as the request's error), and hands the checked addresses to the
   * socket. IP literals never reach a lookup: assertUrl has judged them.
   */
  lookupFor(policy: Pick<WebhookPolicy, 'allowLocal'>): ConnectLookup {
    return (hostname, options, callback) => {
      this.resolver.resolve(hostname).then(
        (addresses) => {
          const refusal = checkResolvedAddresses(addresses, policy);
          if (refusal) {
            callback(new WebhookRefused(refusal, `${hostname} → ${addresses.join(', ')}`), '');
            return;
          }
          const entries = addresses.map((address) => ({
            address,
            family: address.includes(':') ? 6 : 4,
          }));
          const wanted = options.family === 4 || options.family === 6 ? options.family : 0;
          const usable = wanted ? entries.filter((e) => e.family === wanted) : entries;
          if (usable.length === 0) {
            const err: NodeJS.ErrnoException = new Error(`no IPv${wanted} address for ${hostname}`);
            err.code = 'ENOTFOUND';
            callback(err, '');
            return;
          }
          if (options.all) callback(null, usable);
          else callback(null, usable[0]!.address, usable[0]!.family);
        },
        (err: NodeJS.ErrnoException) => callback(err, ''),
      );
    };
  }
}
