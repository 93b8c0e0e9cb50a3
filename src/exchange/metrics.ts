import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { ExchangeRecord } from './log/index.ts';
import type { XRoadErrorType } from './protocol/errors.ts';

/**
 * The gateway's Prometheus metrics (served at `/metrics`, text format 0.0.4):
 *
 *  - `onewindow_exchange_calls_total{service,consumer,status_class,error_type}` — every call;
 *  - `onewindow_exchange_call_duration_seconds{service}` — latency histogram;
 *  - `onewindow_exchange_log_queue_depth` — records waiting for the log writer;
 *  - `onewindow_exchange_log_batch_size`, `onewindow_exchange_log_commit_seconds` — group commits;
 *  - `onewindow_exchange_breaker_state{upstream}` — 0 closed, 1 half-open, 2 open;
 *  - Node's default process metrics (`onewindow_process_*`, `onewindow_nodejs_*`).
 *
 * Label values are bounded: a call refused before the gateway knew who called or what service
 * was meant carries `unknown` (those identifiers come from the caller and could be anything),
 * and past `maxLabelValues` distinct services or consumers further ones count as `other`.
 */
export type BreakerState = 'closed' | 'half-open' | 'open';

const breakerValue: Record<BreakerState, number> = { closed: 0, 'half-open': 1, open: 2 };

/** Refusals before the consumer is authenticated: neither its id nor the target is trusted. */
const beforeAuthentication = new Set<XRoadErrorType>([
  'Client.BadRequest',
  'Client.InvalidClientIdentifier',
  'Client.InvalidProtocolVersion',
  'Client.InvalidHttpMethod',
  'Server.ClientProxy.SslAuthenticationFailed',
]);

/** Refusals before the service is resolved: the target named in the path is not a known service. */
const beforeResolution = new Set<XRoadErrorType>(['Server.ClientProxy.UnknownMember', 'Server.ServerProxy.UnknownService']);

const statusClasses = ['1xx', '2xx', '3xx', '4xx', '5xx'];

type CounterChild = ReturnType<Counter<string>['labels']>;
type HistogramChild = ReturnType<Histogram<string>['labels']>;

export class ExchangeMetrics {
  readonly registry = new Registry();
  private readonly calls: Counter<'service' | 'consumer' | 'status_class' | 'error_type'>;
  private readonly duration: Histogram<'service'>;
  private readonly queueDepth: Gauge;
  private readonly batchSize: Histogram;
  private readonly commitSeconds: Histogram;
  private readonly breaker: Gauge<'upstream'>;
  private readonly callChildren = new Map<string, CounterChild>();
  private readonly durationChildren = new Map<string, HistogramChild>();
  private readonly services = new Set<string>();
  private readonly consumers = new Set<string>();
  private queueDepthSource: (() => number) | null = null;

  constructor(options: { prefix?: string; maxLabelValues?: number; defaultMetrics?: boolean } = {}) {
    const prefix = options.prefix ?? 'onewindow_';
    this.maxLabelValues = options.maxLabelValues ?? 2000;
    const registers = [this.registry];
    this.calls = new Counter({ name: `${prefix}exchange_calls_total`, help: 'Calls through the exchange gateway, by service, consumer, status class and gateway error type.', labelNames: ['service', 'consumer', 'status_class', 'error_type'], registers });
    this.duration = new Histogram({
      name: `${prefix}exchange_call_duration_seconds`,
      help: 'Time from receiving a call to its log record, by service.',
      labelNames: ['service'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers,
    });
    const depthSource = () => this.queueDepthSource;
    this.queueDepth = new Gauge({
      name: `${prefix}exchange_log_queue_depth`,
      help: 'Exchange-log records waiting for a commit.',
      registers,
      collect() {
        const source = depthSource();
        if (source) this.set(source());
      },
    });
    this.batchSize = new Histogram({ name: `${prefix}exchange_log_batch_size`, help: 'Records per exchange-log commit (group commit).', buckets: [1, 2, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000], registers });
    this.commitSeconds = new Histogram({ name: `${prefix}exchange_log_commit_seconds`, help: 'Duration of one exchange-log commit.', buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1], registers });
    this.breaker = new Gauge({ name: `${prefix}exchange_breaker_state`, help: 'Circuit breaker per upstream: 0 closed, 1 half-open, 2 open.', labelNames: ['upstream'], registers });
    if (options.defaultMetrics !== false) collectDefaultMetrics({ register: this.registry, prefix });
  }

  private readonly maxLabelValues: number;

  private bounded(seen: Set<string>, value: string): string {
    if (seen.has(value)) return value;
    if (seen.size >= this.maxLabelValues) return 'other';
    seen.add(value);
    return value;
  }

  /** Counts a call; cheap enough for the hot path (label children are cached). */
  observe(record: ExchangeRecord): void {
    const e = record.errorType;
    const consumerKnown = !(e && beforeAuthentication.has(e));
    const serviceKnown = consumerKnown && !(e && beforeResolution.has(e));
    const service = serviceKnown && record.service ? this.bounded(this.services, record.service) : 'unknown';
    const consumer = consumerKnown && record.consumer ? this.bounded(this.consumers, record.consumer) : 'unknown';
    const statusClass = statusClasses[Math.floor(record.status / 100) - 1] ?? 'other';
    const errorType = e ?? 'none';
    const key = `${service}\u0000${consumer}\u0000${statusClass}\u0000${errorType}`;
    let child = this.callChildren.get(key);
    if (!child) {
      child = this.calls.labels(service, consumer, statusClass, errorType);
      this.callChildren.set(key, child);
    }
    child.inc();
    let timer = this.durationChildren.get(service);
    if (!timer) {
      timer = this.duration.labels(service);
      this.durationChildren.set(service, timer);
    }
    timer.observe(record.latencyMs / 1000);
  }

  /** One committed exchange-log batch (the writer's `onBatch`). */
  observeLogBatch(records: number, seconds: number): void {
    this.batchSize.observe(records);
    this.commitSeconds.observe(seconds);
  }

  /** Where the queue depth is read from at each scrape (e.g. `() => writer.stats().queued`). */
  trackLogQueue(depth: () => number): void {
    this.queueDepthSource = depth;
  }

  setLogQueueDepth(depth: number): void {
    this.queueDepth.set(depth);
  }

  setBreakerState(upstream: string, state: BreakerState): void {
    this.breaker.labels(upstream).set(breakerValue[state]);
  }

  /** An upstream the forwarder forgot (idle): its breaker's series goes too. */
  forgetBreaker(upstream: string): void {
    this.breaker.remove(upstream);
  }

  /** The Prometheus text exposition. */
  metrics(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}
