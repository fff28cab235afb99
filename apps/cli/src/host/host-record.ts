// The record a running host leaves in its data dir (host.json, 0600): how to reach it and
// how to stop it. `start` refuses to run a second host on the same data dir while the
// recorded one is alive; `status`, `stop` and `approvals` find the host through it.
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { PrivateJsonFile } from '@open-cowork/host';

export interface HostRecord {
  readonly pid: number;
  readonly url: string;
  readonly token: string;
  readonly runId: string;
  readonly startedAt: number;
  readonly workspaces: readonly string[];
}

export function hostRecordFile(dataDir: string): string {
  return path.join(dataDir, 'host.json');
}

function parse(raw: unknown): HostRecord {
  const value = raw as Partial<HostRecord> | null;
  if (
    typeof value !== 'object' || value === null ||
    !Number.isInteger(value.pid) || typeof value.url !== 'string' || typeof value.token !== 'string' ||
    typeof value.runId !== 'string' || typeof value.startedAt !== 'number' || !Array.isArray(value.workspaces)
  ) {
    throw new Error('not a host record');
  }
  return value as HostRecord;
}

function file(dataDir: string): PrivateJsonFile<HostRecord> {
  return new PrivateJsonFile({ file: hostRecordFile(dataDir), parse, recover: () => undefined });
}

export const writeHostRecord = (dataDir: string, record: HostRecord): Promise<void> => file(dataDir).write(record);

export const removeHostRecord = (dataDir: string): Promise<void> => rm(hostRecordFile(dataDir), { force: true });

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The recorded host if its process is still alive; a stale record is removed. */
export async function runningHost(dataDir: string): Promise<HostRecord | undefined> {
  const record = await file(dataDir).read();
  if (!record) return undefined;
  if (isAlive(record.pid)) return record;
  await removeHostRecord(dataDir);
  return undefined;
}
