import { describe, expect, it } from 'vitest';
import { parseJsonc } from '../src/parse.js';
import { join } from 'node:path';
import { codes, load, loadOverlay, tempDir, writeFile } from './helpers.js';

describe('reading a config file', () => {
  it('accepts comments and trailing commas (JSONC)', () => {
    const parsed = parseJsonc('{\n  // a comment\n  "a": [1, 2,], /* block */\n}', 'x.json');
    expect(parsed.issues).toEqual([]);
    expect(parsed.value).toEqual({ a: [1, 2] });
  });

  it('reports a syntax error with its line and column', () => {
    const parsed = parseJsonc('{\n  "a": 1\n  "b": 2\n}', 'broken.json');
    expect(parsed.issues[0]).toMatchObject({ code: 'CONFIG_PARSE_ERROR', file: 'broken.json', line: 3, column: 3 });
    expect(parsed.issues[0]?.message).toMatch(/comma expected/);
  });

  it.each(['__proto__', 'constructor', 'prototype'])('refuses the key %s anywhere, naming where it is', (key) => {
    const parsed = parseJsonc(`{"branding": {"${key}": {"polluted": true}}}`, 'evil.json');
    expect(parsed.issues).toHaveLength(1);
    expect(parsed.issues[0]).toMatchObject({ code: 'CONFIG_FORBIDDEN_KEY', pointer: `/branding/${key}`, line: 1 });
    expect(parsed.issues[0]?.message).toContain(`"${key}" is not allowed`);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  it('refuses a forbidden key written with \\u escapes, in plain JSON and with comments', () => {
    for (const text of ['{"branding": {"\\u005f_proto__": {"polluted": true}}}', '{"branding": {"\\u005f_proto__": {"polluted": true}}, // c\n}']) {
      const parsed = parseJsonc(text, 'evil.json');
      expect(parsed.issues).toEqual([expect.objectContaining({ code: 'CONFIG_FORBIDDEN_KEY', pointer: '/branding/__proto__' })]);
      expect(Object.getPrototypeOf((parsed.value as { branding?: object } | undefined)?.branding ?? {})).toBe(Object.prototype);
    }
  });

  it('maps JSON pointers back to positions', () => {
    const parsed = parseJsonc('{\n  "mcps": [\n    {"name": "x"}\n  ]\n}', 'f.json');
    expect(parsed.locator.locate('/mcps/0/name')).toEqual({ line: 3, column: 6 });
    // A pointer missing from the file falls back to its nearest existing parent.
    expect(parsed.locator.locate('/mcps/0/command')).toEqual({ line: 3, column: 5 });
  });

  it('rejects a file whose top level is not an object', () => {
    const { result } = loadOverlay('[1, 2]');
    expect(codes(result)).toContain('CONFIG_NOT_AN_OBJECT');
    expect(result.layers[1]?.status).toBe('rejected');
  });

  it('accepts a UTF-8 byte order mark', () => {
    const { result } = loadOverlay('\uFEFF{"branding": {"name": "Bom Cowork"}}');
    expect(result.ok).toBe(true);
    expect(result.config?.branding.name).toBe('Bom Cowork');
  });
});

describe('absurd nesting', () => {
  const deep = (levels: number, open = '[', close = ']') => `{"i18n": ${open.repeat(levels)}${close.repeat(levels)}}`;

  it('is a parse error with the file and position, not a stack overflow (100,000 levels)', () => {
    const { result, file } = loadOverlay(deep(100_000));
    expect(result.layers[1]?.status).toBe('rejected');
    expect(result.issues).toEqual([
      expect.objectContaining({ code: 'CONFIG_PARSE_ERROR', file, pointer: '', line: 1, column: 10 + 127 }),
    ]);
    expect(result.issues[0]?.message).toMatch(/nested more than 128 levels/);
    // The default layer below still applies.
    expect(result.config?.branding.name).toBe('Open Cowork');
  });

  it('counts objects as well as arrays, and ignores brackets inside strings and comments', () => {
    expect(parseJsonc(`{"a": "${'['.repeat(500)}" /* ${'{'.repeat(500)} */}\n// ${'['.repeat(500)}`, 'f.json').issues).toEqual([]);
    const objects = `${'{"a":'.repeat(200)}1${'}'.repeat(200)}`;
    expect(parseJsonc(objects, 'f.json').issues[0]).toMatchObject({ code: 'CONFIG_PARSE_ERROR', line: 1, column: 1 + 5 * 128 });
  });

  it('accepts nesting up to the limit', () => {
    const parsed = parseJsonc(`${'['.repeat(128)}${']'.repeat(128)}`, 'f.json');
    expect(parsed.issues).toEqual([]);
  });

  it('is refused in an OS-managed file too, failing closed with a clear error', () => {
    const managed = writeFile(join(tempDir(), 'managed.json'), deep(100_000, '{"a":', '}'));
    const result = load({ managedConfigPaths: [managed] });
    expect(result.failedClosed).toBe(true);
    expect(codes(result)).toEqual(['CONFIG_PARSE_ERROR', 'CONFIG_MANAGED_LAYER_INVALID']);
  });
});
