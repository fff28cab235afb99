import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { configSchema, overlaySchema } from '../src/generated/schema.js';
import { IDENTITY_KEYS, RECORD_ARRAYS } from '../src/merge-rules.js';
import { isPlainObject } from '../src/pointer.js';
import { validateOverlay, validateResolved } from '../src/validators.js';
import { errorAt, loadOverlay, repoRoot } from './helpers.js';

const defaultConfig = JSON.parse(readFileSync(join(repoRoot, 'open-cowork.config.json'), 'utf8')) as Record<string, unknown>;

/** Keyword maps whose values are schemas keyed by name. */
const SCHEMA_MAPS = new Set(['properties', '$defs', 'patternProperties']);

function walkSchemas(node: unknown, path: string, visit: (schema: Record<string, unknown>, path: string) => void): void {
  if (Array.isArray(node)) return node.forEach((child, index) => walkSchemas(child, `${path}/${index}`, visit));
  if (!isPlainObject(node)) return;
  visit(node, path);
  for (const [key, value] of Object.entries(node)) {
    if (key === 'enum' || key === 'const' || key === 'default' || key === 'examples') continue;
    if (SCHEMA_MAPS.has(key) && isPlainObject(value)) {
      for (const [name, child] of Object.entries(value)) walkSchemas(child, `${path}/${key}/${name}`, visit);
    } else {
      walkSchemas(value, `${path}/${key}`, visit);
    }
  }
}

describe('the configuration schema', () => {
  it('is JSON Schema 2020-12', () => {
    expect(configSchema['$schema']).toBe('https://json-schema.org/draft/2020-12/schema');
  });

  it('gives every property a description (they are the docs editors show)', () => {
    const missing: string[] = [];
    walkSchemas(configSchema, '#', (schema, path) => {
      for (const [name, property] of Object.entries(isPlainObject(schema['properties']) ? schema['properties'] : {})) {
        if (!isPlainObject(property) || typeof property['description'] !== 'string' || property['description'].length < 10) {
          missing.push(`${path}/properties/${name}`);
        }
      }
      const additional = schema['additionalProperties'];
      if (isPlainObject(additional) && typeof additional['description'] !== 'string') missing.push(`${path}/additionalProperties`);
    });
    expect(missing).toEqual([]);
  });

  it('closes every object of ours with additionalProperties: false', () => {
    const open: string[] = [];
    walkSchemas(configSchema, '#', (schema, path) => {
      if (isPlainObject(schema['properties']) && schema['additionalProperties'] !== false) open.push(path);
    });
    expect(open).toEqual([]);
  });

  it('mentions each default in the description', () => {
    const unstated: string[] = [];
    walkSchemas(configSchema, '#', (schema, path) => {
      if ('default' in schema && !/default/i.test(String(schema['description']))) unstated.push(path);
    });
    expect(unstated).toEqual([]);
  });

  it('accepts the built-in default config alone, strictly', () => {
    const { valid, errors } = validateResolved(defaultConfig);
    expect(errors).toEqual([]);
    expect(valid).toBe(true);
  });

  it('requires contractVersion 1 in a resolved config but not in an overlay', () => {
    const withoutVersion = { ...defaultConfig };
    delete withoutVersion['contractVersion'];
    expect(validateResolved(withoutVersion).errors[0]).toMatchObject({ keyword: 'required', params: { missingProperty: 'contractVersion' } });
    expect(validateOverlay({ branding: { name: 'Acme' } }).valid).toBe(true);
    const { result } = loadOverlay({ contractVersion: 2 });
    expect(errorAt(result, '/contractVersion')?.message).toBe('Must be 1 (got 2).');
  });

  it('keeps only record identities and union tags required in the overlay schema', () => {
    const required = new Set<string>();
    walkSchemas(overlaySchema, '#', (schema) => {
      if (Array.isArray(schema['required'])) for (const name of schema['required']) required.add(String(name));
    });
    expect([...required].sort()).toEqual([...new Set([...IDENTITY_KEYS, 'kind'])].sort());
    const definitions = overlaySchema['$defs'] as Record<string, Record<string, unknown>>;
    for (const [section, key] of Object.entries(RECORD_ARRAYS)) {
      const items = (overlaySchema['properties'] as Record<string, { items: { $ref: string } }>)[section.slice(1)]?.items;
      const definition = definitions[items?.$ref.replace('#/$defs/', '') ?? ''];
      expect(definition?.['required'], section).toEqual([key]);
    }
  });
});

describe('schema rules, each with a failing example', () => {
  it.each([
    [{ branding: { sidebar: { top: { mediaSize: 200 } } } }, '/branding/sidebar/top/mediaSize', 'Must be ≤ 96 (got 200).'],
    [{ branding: { sidebar: { top: { mediaSize: 8 } } } }, '/branding/sidebar/top/mediaSize', 'Must be ≥ 16 (got 8).'],
    [{ branding: { sidebar: { top: { variant: 'banner' } } } }, '/branding/sidebar/top/variant', 'Must be one of: "icon", "text", "icon-text", "logo", "logo-text" (got "banner").'],
    [{ branding: { sidebar: { top: { mediaFit: 'both' } } } }, '/branding/sidebar/top/mediaFit', 'Must be one of: "bounded", "vertical", "horizontal" (got "both").'],
    [{ branding: { sidebar: { lower: { linkUrl: 'http://help.acme.example' } } } }, '/branding/sidebar/lower/linkUrl', 'Must be an https:// or mailto: link (got "http://help.acme.example").'],
    [{ branding: { sidebar: { lower: { linkUrl: 'javascript:alert(1)' } } } }, '/branding/sidebar/lower/linkUrl', 'Must be an https:// or mailto: link (got "javascript:alert(1)").'],
    [{ branding: { appId: 'acme' } }, '/branding/appId', 'Must be a reverse-DNS identifier such as "com.acme.cowork" (got "acme").'],
    [{ branding: { logoDataUrl: 'https://x/logo.png' } }, '/branding/logoDataUrl', 'Must be a base64 data: URL of a png, jpeg, webp, gif or svg image (got "https://x/logo.png").'],
    [{ cloud: { publicBranding: { theme: { spacing: '4px' } } } }, '/cloud/publicBranding/theme/spacing', 'Unknown property "spacing" in /cloud/publicBranding/theme.'],
    [{ cloud: { publicBranding: { theme: { accent: 'url(https://evil)' } } } }, '/cloud/publicBranding/theme/accent', 'Must be a colour'],
    [{ auth: { mode: 'saml' } }, '/auth/mode', 'Must be one of: "none", "google-oauth" (got "saml").'],
    [{ providers: { descriptors: { x: { name: 'X', runtime: 'remote' } } } }, '/providers/descriptors/x/runtime', 'Must be one of: "builtin", "custom"'],
    [{ providers: { descriptors: { x: { name: 'X', dynamicCatalog: { url: 'http://models.example' } } } } }, '/providers/descriptors/x/dynamicCatalog/url', 'Must be an https:// URL'],
    [{ providers: { descriptors: { x: { name: 'X', dynamicCatalog: { url: 'https://m.example', sha256: 'abc' } } } } }, '/providers/descriptors/x/dynamicCatalog/sha256', 'SHA-256'],
    [{ updates: { releaseSource: { kind: 'ftp' } } }, '/updates/releaseSource/kind', '"kind" must be one of: "github-releases", "generic-http", "gcs" (got "ftp").'],
    [{ updates: { releaseSource: { kind: 'gcs', bucket: 'b-1', auth: { kind: 'signed-url-broker', brokerUrl: 'http://broker' } } } }, '/updates/releaseSource/auth/brokerUrl', 'Must be an https:// URL (or http:// to localhost or 127.0.0.1) (got "http://broker")'],
    [{ updates: { releaseSource: { kind: 'generic-http', url: 'http://updates.acme.example/mac' } } }, '/updates/releaseSource/url', 'Must be an https:// URL (or http:// to localhost'],
    [{ updates: { manualFallbackUrl: 'http://acme.example/releases' } }, '/updates/manualFallbackUrl', 'Must be an https:// URL (or http:// to localhost'],
    [{ updates: { releaseSource: { kind: 'github-releases', owner: 'o', repo: 'r', bucket: 'b' } } }, '/updates/releaseSource/bucket', 'Unknown property "bucket"'],
    [{ tools: [{ id: 'x', name: 'X', writeAcces: true }] }, '/tools/0/writeAcces', 'Did you mean "writeAccess"?'],
    [{ toolTrace: { additionalRules: [{ id: 'r', label: 'r', match: [{}] }] } }, '/toolTrace/additionalRules/0/match/0', 'Must set at least 1 field(s).'],
    [{ mcps: [{ name: 'x', type: 'stdio' }] }, '/mcps/0/type', 'Must be one of: "local", "remote" (got "stdio").'],
    [{ mcps: [{ name: 'x', permissionMode: 'always' }] }, '/mcps/0/permissionMode', 'Must be one of: "ask", "allow"'],
    [{ mcps: [{ description: 'no name' }] }, '/mcps/0/name', '"name" is required here in /mcps/0.'],
    [{ mcps: [{ name: 'x', credentials: [{ key: 'k', label: 'K', type: 'checkbox' }] }] }, '/mcps/0/credentials/0/type', 'Must be one of: "text", "select", "radio"'],
    [{ agents: [{ name: 'a', temperature: 3 }] }, '/agents/0/temperature', 'Must be ≤ 2 (got 3).'],
    [{ agents: [{ name: 'a', model: 'gpt-4' }] }, '/agents/0/model', 'Must name a model as "provider/model"'],
    [{ builtInAgents: { review: { disable: true } } }, '/builtInAgents/review', 'Unknown property "review"'],
    [{ permissions: { bash: 'sometimes' } }, '/permissions/bash', 'Must be one of: "allow", "ask", "deny" (got "sometimes").'],
    [{ permissions: { webSearch: 'yes' } }, '/permissions/webSearch', 'Must be true or false (got "yes").'],
    [{ compaction: { reserved: -1 } }, '/compaction/reserved', 'Must be ≥ 0 (got -1).'],
    [{ i18n: { locale: 'english' } }, '/i18n/locale', 'Must be a BCP 47 language tag'],
    [{ i18n: { strings: { 'Home Greeting': 'x' } } }, '/i18n/strings/Home Greeting', 'must be a dotted message key such as "home.greeting"'],
    [{ telemetry: { endpoint: 'http://collector.example' } }, '/telemetry/endpoint', 'Must be an https:// URL (got "http://collector.example").'],
    [{ allowedEnvPlaceholders: ['lower'] }, '/allowedEnvPlaceholders/0', 'Must be an environment variable name'],
    [{ brandng: {} }, '/brandng', 'Did you mean "branding"?'],
  ])('%j is refused at its pointer', (overlay, pointer, message) => {
    const { result } = loadOverlay(overlay);
    expect(result.ok).toBe(false);
    const issue = errorAt(result, pointer);
    expect(issue, JSON.stringify(result.issues, null, 2)).toBeDefined();
    expect(issue?.message).toContain(message);
    expect(issue?.line).toBeGreaterThan(0);
  });
});
