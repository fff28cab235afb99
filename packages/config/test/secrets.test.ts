import { describe, expect, it } from 'vitest';
import { isSecretPointer, MASK, maskSecrets } from '../src/secrets.js';

describe('secrets', () => {
  it.each([
    '/auth/googleOAuth/clientSecret',
    '/providers/descriptors/openrouter/dynamicCatalog/authHeader',
    '/updates/releaseSource/auth/token',
    '/updates/releaseSource/auth/headers/X-Key',
    '/mcps/3/headers/Authorization',
    '/telemetry/headers/X-Anything',
    '/providers/custom/acme/options/apiKey',
    '/providers/custom/acme/options/headers/Authorization',
    '/mcps/0/environment/ACME_TOKEN',
  ])('treats %s as a secret', (pointer) => {
    expect(isSecretPointer(pointer)).toBe(true);
  });

  it.each([
    '/auth/googleOAuth/clientId',
    '/providers/custom/acme/options/baseURL',
    '/cloud/publicBranding/managedOrgConnectionLabels/apiToken',
    '/mcps/0/credentialHelp',
    '/mcps/0/credentials/0/key',
    '/mcps/0/environment/ACME_REGION',
  ])('treats %s as ordinary', (pointer) => {
    expect(isSecretPointer(pointer)).toBe(false);
  });

  it('masks non-empty secrets, shows placeholders as written, and leaves the input alone', () => {
    const config = { auth: { googleOAuth: { clientId: 'id', clientSecret: 's3cret' } }, telemetry: { headers: { A: '', B: 'tok' } } };
    const shown = maskSecrets(config, new Map([['/telemetry/headers/B', '{env:ACME_TOKEN}']]));
    expect(shown).toEqual({ auth: { googleOAuth: { clientId: 'id', clientSecret: MASK } }, telemetry: { headers: { A: '', B: '{env:ACME_TOKEN}' } } });
    expect(config.auth.googleOAuth.clientSecret).toBe('s3cret');
  });
});
