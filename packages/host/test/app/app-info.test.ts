import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '@open-cowork/config';
import { describe, expect, it } from 'vitest';
import { Logger, type LogRecord } from '../../src/log/index.js';
import { appHandlers } from '../../src/app/service.js';
import { tempDir } from '../state/temp-dir.js';

const DEFAULT_CONFIG = fileURLToPath(new URL('../../../../open-cowork.config.json', import.meta.url));
const SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="8" height="8"><rect width="8" height="8"/></svg>';

/** The default config with a downstream layer holding `layer` and its branding files. */
async function loadWith(layer: Record<string, unknown>, files: Record<string, string | Buffer> = {}, env: Record<string, string> = {}) {
  const root = await tempDir();
  await writeFile(path.join(root, 'open-cowork.config.json'), JSON.stringify(layer));
  for (const [name, content] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(root, name)), { recursive: true });
    await writeFile(path.join(root, name), content);
  }
  const load = loadConfig({
    defaultConfigPath: DEFAULT_CONFIG,
    env: { OPEN_COWORK_DOWNSTREAM_ROOT: root, OPEN_COWORK_USER_DATA_DIR: path.join(root, 'user'), ...env },
    managedConfigPaths: [],
  });
  expect(load.issues.filter((issue) => issue.severity === 'error')).toEqual([]);
  return { load, root };
}

const logger = (into: LogRecord[] = []) => new Logger({ runId: 't', sink: (record) => into.push(record) });

describe('app.info', () => {
  it('inlines the sidebar logo as a data: URL (svg as image/svg+xml) and keeps the asset path to itself', async () => {
    const { load, root } = await loadWith(
      { branding: { name: 'Acme Cowork', sidebar: { top: { variant: 'logo-text', logoAsset: 'branding/acme.svg', title: 'Acme' } } } },
      { 'branding/acme.svg': SVG },
    );
    const info = await appHandlers({ load, logger: logger(), version: '9.8.7' })['app.info']({});
    expect(info).toMatchObject({ name: 'Acme Cowork', version: '9.8.7', branding: { name: 'Acme Cowork' } });
    expect(info.branding.sidebar?.top).toEqual({
      variant: 'logo-text',
      logoUrl: `data:image/svg+xml;base64,${Buffer.from(SVG).toString('base64')}`,
      mediaSize: 28,
      mediaAlign: 'start',
      title: 'Acme',
      ariaLabel: 'Open Cowork home',
    });
    const text = JSON.stringify(info);
    expect(text).not.toContain('logoAsset');
    expect(text).not.toContain(root);
  });

  it('types a PNG logo by its extension', async () => {
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    const { load } = await loadWith({ branding: { sidebar: { top: { variant: 'logo', logoAsset: 'branding/mark.png' } } } }, { 'branding/mark.png': png });
    const info = await appHandlers({ load, logger: logger() })['app.info']({});
    expect(info.branding.sidebar?.top?.logoUrl).toBe(`data:image/png;base64,${png.toString('base64')}`);
  });

  it('falls back to the legacy logoDataUrl, and logs (without failing) a logo that vanished', async () => {
    const legacy = 'data:image/png;base64,AAAA';
    const { load, root } = await loadWith({ branding: { logoDataUrl: legacy, sidebar: { top: { variant: 'logo', logoAsset: 'branding/gone.svg' } } } }, { 'branding/gone.svg': SVG });
    await rm(path.join(root, 'branding', 'gone.svg'));
    const logs: LogRecord[] = [];
    const info = await appHandlers({ load, logger: logger(logs) })['app.info']({});
    expect(info.branding.sidebar?.top?.logoUrl).toBe(legacy);
    expect(logs).toContainEqual(expect.objectContaining({ level: 'warn', message: expect.stringContaining('cannot read the sidebar logo') }));
  });

  it('shows feature switches and strings, never secrets', async () => {
    const { load } = await loadWith(
      {
        allowedEnvPlaceholders: ['ACME_SECRET'],
        auth: { mode: 'google-oauth', googleOAuth: { clientId: 'client-id-1', clientSecret: '{env:ACME_SECRET}' } },
        telemetry: { enabled: true, endpoint: 'https://telemetry.acme.example/ingest', headers: { Authorization: '{env:ACME_SECRET}' } },
        updates: { enabled: false },
        permissions: { webSearch: false },
        i18n: { locale: 'de-DE', strings: { 'home.greeting': 'Hallo {{brand}}' } },
        cloud: { publicBranding: { productName: 'Acme Cloud', shortName: 'AC' } },
      },
      {},
      { ACME_SECRET: 'super-secret-value' },
    );
    const info = await appHandlers({ load, logger: logger() })['app.info']({});
    expect(info.features).toEqual({ updates: false, telemetry: true, webSearch: false, signIn: true });
    expect(info.i18n).toEqual({ locale: 'de-DE', strings: { 'home.greeting': 'Hallo {{brand}}' } });
    expect(info.branding).toMatchObject({ productName: 'Acme Cloud', shortName: 'AC' });
    const text = JSON.stringify(info);
    for (const hidden of ['super-secret-value', 'client-id-1', 'telemetry.acme.example']) expect(text).not.toContain(hidden);
  });
});
