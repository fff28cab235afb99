// The record a running host leaves in its data dir (host.json, 0600): how to reach it and how to
// stop it. The data dir's lock (held by the host itself) keeps a second host out; the record
// names the host's process by its PID *and* its start time and command line, so a PID that was
// reused by another program after a crash is never taken for the host (nor signalled by stop).
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { isRecordedProcess, PrivateJsonFile } from '@open-cowork/host';
import Ajv2020 from 'ajv/dist/2020.js';

export interface HostRecord {
  readonly pid: number;
  /** The process's start time as the OS reports it (`ps -o lstart`). */
  readonly processStart: string;
  /** The process's command line as the OS reports it (`ps -o args`). */
  readonly commandLine: string;
  readonly url: string;
  readonly token: string;
  readonly runId: string;
  readonly startedAt: number;
  readonly workspaces: readonly string[];
}

export function hostRecordFile(dataDir: string): string {
  return path.join(dataDir, 'host.json');
}

const validate = new Ajv2020.default({ strict: true, allErrors: true }).compile({
  type: 'object',
  properties: {
    pid: { type: 'integer', minimum: 1 },
    processStart: { type: 'string', minLength: 1 },
    commandLine: { type: 'string', minLength: 1 },
    url: { type: 'string', pattern: '^https?://' },
    token: { type: 'string', minLength: 1 },
    runId: { type: 'string' },
    startedAt: { type: 'number' },
    workspaces: { type: 'array', items: { type: 'string' } },
  },
  required: ['pid', 'processStart', 'commandLine', 'url', 'token', 'runId', 'startedAt', 'workspaces'],
});

function parse(raw: unknown): HostRecord {
  if (!validate(raw)) throw new Error(`not a host record: ${(validate.errors ?? []).map((error) => `${error.instancePath || '/'} ${error.message ?? ''}`).join('; ')}`);
  return raw as unknown as HostRecord;
}

function file(dataDir: string): PrivateJsonFile<HostRecord> {
  return new PrivateJsonFile({ file: hostRecordFile(dataDir), parse, recover: () => undefined });
}

export const writeHostRecord = (dataDir: string, record: HostRecord): Promise<void> => file(dataDir).write(record);

export const removeHostRecord = (dataDir: string): Promise<void> => rm(hostRecordFile(dataDir), { force: true });

/** The recorded host if its very process is still alive; a stale record (gone, or a reused PID) is removed. */
export async function runningHost(dataDir: string): Promise<HostRecord | undefined> {
  const record = await file(dataDir).read();
  if (!record) return undefined;
  if (await isRecordedProcess(record)) return record;
  await removeHostRecord(dataDir);
  return undefined;
}
