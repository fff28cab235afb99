// Identifiers come from agents and other clients, so none is trusted: each must match its
// pattern before it names anything, and every path built from one is resolved and checked to
// stay inside the jobs root. Session ids are lower-case only, so two ids never name one
// folder on a case-insensitive file system (macOS).
import { createHash, randomBytes } from 'node:crypto';
import path from 'node:path';
import { JobsError, JobsErrorCode } from './errors.js';

export const SESSION_ID_PATTERN = /^[a-z0-9][a-z0-9_-]{0,63}$/;
export const JOB_ID_PATTERN = /^job-[a-z0-9]{8,12}-[a-f0-9]{12}$/;

export function checkSessionId(value: unknown, where = 'session_id'): string {
  if (typeof value !== 'string' || !SESSION_ID_PATTERN.test(value)) {
    throw new JobsError(JobsErrorCode.BadId, `${where}: ${describe(value)} is not a session id (1-64 of a-z, 0-9, "_" and "-", starting with a letter or digit).`);
  }
  return value;
}

export function checkJobId(value: unknown, where = 'job_id'): string {
  if (typeof value !== 'string' || !JOB_ID_PATTERN.test(value)) {
    throw new JobsError(JobsErrorCode.BadId, `${where}: ${describe(value)} is not a job id (as returned by start: job-<time>-<12 hex>).`);
  }
  return value;
}

export function newJobId(now: number): string {
  return `job-${now.toString(36)}-${randomBytes(6).toString('hex')}`;
}

export function newSessionId(): string {
  return `s-${randomBytes(8).toString('hex')}`;
}

/**
 * `root` joined with `parts`, refused unless the result lies strictly inside `root`. The
 * parts are ids that already passed their pattern; this is the second net.
 */
export function inside(root: string, ...parts: string[]): string {
  const base = path.resolve(root);
  const target = path.resolve(base, ...parts);
  const rel = path.relative(base, target);
  if (rel === '' || rel.startsWith('..') || path.isAbsolute(rel)) {
    throw new JobsError(JobsErrorCode.BadId, `The path ${JSON.stringify(parts.join('/'))} leaves the jobs folder ${base}.`);
  }
  return target;
}

/** A short, stable tag of a data dir: sandboxes carry it so each owner finds only its own. */
export function dataDirTag(dataDir: string): string {
  return createHash('sha256').update(path.resolve(dataDir)).digest('hex').slice(0, 16);
}

export const LABEL_PREFIX = 'open-cowork.jobs';

/**
 * The label of one session's sandbox: product, data dir tag and session id. The tag has a fixed
 * length and the id a fixed alphabet without ":", so two sessions never share a label.
 */
export function sandboxLabel(tag: string, sessionId: string): string {
  return `${LABEL_PREFIX}:${tag}:${sessionId}`;
}

/** The session id of a label this data dir owns; undefined for anyone else's. */
export function ownLabel(label: string, tag: string): string | undefined {
  const prefix = `${LABEL_PREFIX}:${tag}:`;
  if (!label.startsWith(prefix)) return undefined;
  const id = label.slice(prefix.length);
  return SESSION_ID_PATTERN.test(id) ? id : undefined;
}

function describe(value: unknown): string {
  if (typeof value !== 'string') return `a ${value === null ? 'null' : typeof value}`;
  return JSON.stringify(value.length > 80 ? `${value.slice(0, 80)}…` : value);
}
