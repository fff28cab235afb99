// The record a running runner (`open-cowork runner`) leaves in its data dir (runner.json, 0600):
// which gateway it serves, for which workspaces, and on which host. `open-cowork status` and
// `app.runner` show it. Like the headless host's record it names its process by PID, start time
// and command line, so a stale record (a killed runner, a reused PID) is recognised and removed.
// It never holds the runner's token.
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { PrivateJsonFile } from '../state/private-file.js';
import { isRecordedProcess, processIdentity } from '../state/process-identity.js';

export interface RunnerRecord {
  readonly pid: number;
  readonly processStart: string;
  readonly commandLine: string;
  readonly gateway: string;
  /** Label → folder. */
  readonly workspaces: Readonly<Record<string, string>>;
  /** The running host's URL, or `own` for a host inside the runner. */
  readonly host: string;
  readonly startedAt: number;
}

const file = (dataDir: string): string => path.join(dataDir, 'runner.json');

function parse(raw: unknown): RunnerRecord {
  const record = raw as Partial<RunnerRecord>;
  const ok =
    typeof record === 'object' && record !== null &&
    Number.isInteger(record.pid) && typeof record.processStart === 'string' && typeof record.commandLine === 'string' &&
    typeof record.gateway === 'string' && typeof record.host === 'string' && typeof record.startedAt === 'number' &&
    typeof record.workspaces === 'object' && record.workspaces !== null && Object.values(record.workspaces).every((dir) => typeof dir === 'string');
  if (!ok) throw new Error('not a runner record');
  return record as RunnerRecord;
}

const store = (dataDir: string): PrivateJsonFile<RunnerRecord> => new PrivateJsonFile({ file: file(dataDir), parse, recover: () => undefined });

export async function writeRunnerRecord(dataDir: string, record: Omit<RunnerRecord, 'processStart' | 'commandLine'>): Promise<void> {
  const identity = await processIdentity(record.pid);
  if (identity === undefined) return; // without ps the record could not be checked later; status just won't show it
  await store(dataDir).write({ ...record, ...identity });
}

export const removeRunnerRecord = (dataDir: string): Promise<void> => rm(file(dataDir), { force: true });

/** The runner serving from this data dir, if its very process is alive; a stale record is removed. */
export async function runningRunner(dataDir: string): Promise<RunnerRecord | undefined> {
  const record = await store(dataDir).read();
  if (!record) return undefined;
  if (await isRecordedProcess(record)) return record;
  await removeRunnerRecord(dataDir);
  return undefined;
}
