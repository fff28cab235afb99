import { isPlainObject } from './pointer.js';

/** Defensive readers: semantic checks run even on configs the schema rejected. */
export type Obj = Record<string, unknown>;

export function obj(value: unknown): Obj {
  return isPlainObject(value) ? value : {};
}

export function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

export function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

export function strings(value: unknown): string[] {
  return list(value).filter((item): item is string => typeof item === 'string');
}
