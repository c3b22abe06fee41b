import { Injectable } from '@nestjs/common';
import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';

/**
 * The Prometheus registry of this process. One per application (not prom-client's global one), so
 * that tests can build several applications in one process. The metrics that other providers own
 * (queue and database counts, job durations) register themselves here.
 */
@Injectable()
export class MetricsRegistry {
  readonly register = new Registry();

  /** Every HTTP request by method, route template (never the raw path) and status class. */
  readonly httpDuration = new Histogram({
    name: 'duban_http_request_duration_seconds',
    help: 'HTTP request latency by method, route template and status class',
    labelNames: ['method', 'route', 'status_class'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.register],
  });

  /** A source of scrape-time counts that failed or ran over its time limit. */
  readonly sourceErrors = new Counter({
    name: 'duban_metrics_source_errors_total',
    help: 'Scrape-time reads that failed or timed out, by source (postgresql, redis)',
    labelNames: ['source'] as const,
    registers: [this.register],
  });

  constructor() {
    collectDefaultMetrics({ register: this.register });
  }

  /** The text exposition format, and its content type. */
  async render(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.register.contentType, body: await this.register.metrics() };
  }
}
