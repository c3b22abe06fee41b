import { Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { JobMetrics } from './job-metrics';
import { MetricsEndpoint } from './metrics-endpoint';
import { MetricsRegistry } from './metrics-registry';
import { StateMetrics } from './state-metrics';

/**
 * Prometheus metrics (prom-client): HTTP latency, queue depth and lateness, deliveries, reminders,
 * job durations, the database pool and the process's default metrics, at /metrics.
 */
@Module({
  imports: [DiscoveryModule],
  providers: [MetricsRegistry, StateMetrics, JobMetrics, MetricsEndpoint],
  exports: [MetricsRegistry, MetricsEndpoint],
})
export class MetricsModule {}
