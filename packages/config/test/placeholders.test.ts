import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { load, loadOverlay, tempDir, writeFile } from './helpers.js';

describe('{env:NAME} placeholders', () => {
  it('resolve names listed in the same layer', () => {
    const { result } = loadOverlay(
      { allowedEnvPlaceholders: ['ACME_HELP'], branding: { helpUrl: '{env:ACME_HELP}/help' } },
      { ACME_HELP: 'https://help.acme.example' },
    );
    expect(result.issues).toEqual([]);
    expect(result.config?.branding.helpUrl).toBe('https://help.acme.example/help');
  });

  it('refuse an unlisted name with file, pointer and variable in the error', () => {
    const { result, file } = loadOverlay({ branding: { name: 'Acme {env:HOME}' } }, { HOME: '/root' });
    expect(result.ok).toBe(false);
    expect(result.issues).toHaveLength(1);
    expect(result.issues[0]).toMatchObject({ code: 'CONFIG_PLACEHOLDER_NOT_ALLOWED', file, pointer: '/branding/name', line: 3 });
    expect(result.issues[0]?.message).toContain('{env:HOME}');
    expect(result.issues[0]?.message).toContain('allowedEnvPlaceholders');
    // The layer is skipped: the value never reaches the effective config.
    expect(result.config?.branding.name).toBe('Open Cowork');
  });

  it('resolve an allowed but unset variable to the empty string', () => {
    const { result } = loadOverlay({
      allowedEnvPlaceholders: ['ACME_CLIENT_ID'],
      auth: { mode: 'google-oauth', googleOAuth: { clientId: '{env:ACME_CLIENT_ID}' } },
    });
    expect(result.issues).toEqual([]);
    expect(result.config?.auth?.googleOAuth?.clientId).toBe('');
  });

  it('reject a malformed variable name', () => {
    const { result } = loadOverlay({ branding: { name: 'x {env:lower-case}' } });
    expect(result.issues[0]).toMatchObject({ code: 'CONFIG_PLACEHOLDER_INVALID', pointer: '/branding/name' });
    expect(result.issues[0]?.message).toContain('{env:lower-case}');
  });

  it("cannot use a name that only another layer allowed", () => {
    const root = tempDir();
    const downstream = join(root, 'downstream');
    writeFile(join(downstream, 'open-cowork.config.json'), { allowedEnvPlaceholders: ['ACME_TOKEN'] });
    const userDir = join(root, 'user');
    const userFile = writeFile(join(userDir, 'config.json'), { telemetry: { headers: { Authorization: '{env:ACME_TOKEN}' } } });
    const result = load({ env: { OPEN_COWORK_DOWNSTREAM_ROOT: downstream, ACME_TOKEN: 't0ken' }, userDataDir: userDir });
    expect(result.issues).toHaveLength(1);
    expect(result.issues[0]).toMatchObject({ code: 'CONFIG_PLACEHOLDER_NOT_ALLOWED', file: userFile, pointer: '/telemetry/headers/Authorization' });
    expect(result.config?.allowedEnvPlaceholders).toEqual(['ACME_TOKEN']);
  });

  it('leave $schema and allowedEnvPlaceholders themselves alone', () => {
    const { result } = loadOverlay({ $schema: './{env:NOT_A_PLACEHOLDER}.json', allowedEnvPlaceholders: ['A_B'] });
    expect(result.issues).toEqual([]);
  });
});
