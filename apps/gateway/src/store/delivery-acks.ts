// The chunks of a delivery that the channel acknowledged. Telegram has no idempotency key, so a
// delivery retried after a crash or an error reads these and resumes after the last one.
import { toNumber, type Queryable } from './db.js';

export async function ackedChunks(q: Queryable, jobId: string): Promise<Set<number>> {
  const rows = await q.query('select chunk from gateway_delivery_acks where job_id = $1', [jobId]);
  return new Set(rows.map((row) => toNumber(row['chunk'])));
}

export async function recordChunkAck(q: Queryable, jobId: string, chunk: number, providerMessageId: string): Promise<void> {
  await q.query('insert into gateway_delivery_acks (job_id, chunk, provider_message_id) values ($1, $2, $3) on conflict do nothing', [jobId, chunk, providerMessageId]);
}
