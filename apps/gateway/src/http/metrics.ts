// Prometheus metrics (prom-client) on a registry of the gateway's own: counters for what
// happened in this process, gauges read from the store at scrape time.
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export class GatewayMetrics {
  readonly registry = new Registry();
  readonly webhookRequests = new Counter({ name: 'open_cowork_gateway_webhook_requests_total', help: 'Signed webhook requests by outcome.', labelNames: ['outcome'], registers: [this.registry] });
  readonly jobsFinished = new Counter({ name: 'open_cowork_gateway_jobs_finished_total', help: 'Job attempts finished by this process, by kind and resulting status.', labelNames: ['kind', 'status'], registers: [this.registry] });
  readonly deliveries = new Counter({ name: 'open_cowork_gateway_reply_deliveries_total', help: 'Reply chunk deliveries by outcome.', labelNames: ['outcome'], registers: [this.registry] });
  readonly promptSeconds = new Histogram({ name: 'open_cowork_gateway_prompt_duration_seconds', help: 'Time from claim to the end of a prompt job attempt.', buckets: [0.1, 0.5, 1, 2, 5, 10, 30, 60, 120, 300, 600], registers: [this.registry] });
  readonly jobs = new Gauge({ name: 'open_cowork_gateway_jobs', help: 'Jobs in the store by status (read at scrape time).', labelNames: ['status'], registers: [this.registry] });
  readonly leader = new Gauge({ name: 'open_cowork_gateway_leader', help: '1 while this process holds the daemon lease.', registers: [this.registry] });
  readonly telegramUpdates = new Counter({ name: 'open_cowork_gateway_telegram_updates_total', help: 'Telegram updates by what the handler did with them (stored, duplicate, ignored, rejected, store_failed).', labelNames: ['outcome'], registers: [this.registry] });
  readonly telegramPollErrors = new Counter({ name: 'open_cowork_gateway_telegram_poll_errors_total', help: 'Failed Bot API calls of the polling loop, by HTTP status (or network).', labelNames: ['status'], registers: [this.registry] });
  readonly telegramPolling = new Gauge({ name: 'open_cowork_gateway_telegram_polling', help: '1 while this process polls Telegram for updates.', registers: [this.registry] });
  readonly approvals = new Counter({ name: 'open_cowork_gateway_approvals_total', help: 'Approval requests sent to chats, by how they ended (answered, expired).', labelNames: ['outcome'], registers: [this.registry] });
  readonly pairings = new Counter({ name: 'open_cowork_gateway_pairings_total', help: 'Pairing codes issued or suppressed (recently_answered, too_many_pending).', labelNames: ['outcome'], registers: [this.registry] });
  readonly retentionDeleted = new Counter({ name: 'open_cowork_gateway_retention_deleted_total', help: 'Rows deleted by retention passes of this process, by table.', labelNames: ['table'], registers: [this.registry] });

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'open_cowork_gateway_' });
  }
}
