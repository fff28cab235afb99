// The loopback redirect listener and the id_token reader on their own.
import { request } from 'node:http';
import { describe, expect, it } from 'vitest';
import { challengeOf, newState, newVerifier } from '../../src/identity/pkce.js';
import { listenForRedirect, type RedirectParams } from '../../src/identity/loopback.js';
import { idTokenEmail } from '../../src/identity/oauth-client.js';

function get(url: string, host?: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const target = new URL(url);
    const req = request({ hostname: target.hostname, port: target.port, path: `${target.pathname}${target.search}`, headers: host ? { host } : {} }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('the loopback redirect listener', () => {
  it('listens on 127.0.0.1, ignores other hosts and paths, decides once, then closes', async () => {
    const seen: RedirectParams[] = [];
    const listener = await listenForRedirect({
      brand: 'Acme <Cowork>',
      handle: async (params) => {
        seen.push(params);
        return { ok: true, message: 'Signed in as <b>x</b>.' };
      },
    });
    expect(listener.redirectUri).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/callback$/);
    expect((await get(`${listener.redirectUri}?code=c&state=s`, 'attacker.example:80')).status).toBe(421);
    expect((await get(listener.redirectUri.replace('/callback', '/favicon.ico'))).status).toBe(404);
    expect(seen).toEqual([]);
    const page = await get(`${listener.redirectUri}?code=c&state=s&scope=openid`);
    expect(page.status).toBe(200);
    expect(page.body).toContain('Acme &#60;Cowork&#62;'); // escaped
    expect(page.body).not.toContain('<b>');
    expect(seen).toEqual([{ code: 'c', state: 's' }]);
    await listener.close();
    await expect(get(listener.redirectUri)).rejects.toThrow();
  });
});

describe('PKCE and the id_token', () => {
  it('makes S256 challenges and unguessable states', () => {
    const verifier = newVerifier();
    expect(verifier).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(challengeOf('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk')).toBe('E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM'); // RFC 7636 appendix B
    expect(newState()).not.toBe(newState());
  });

  it('reads the email only for this client, and not when unverified', () => {
    const jwt = (claims: object) => `h.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.s`;
    expect(idTokenEmail(jwt({ aud: 'me', email: 'a@b.test' }), 'me')).toBe('a@b.test');
    expect(idTokenEmail(jwt({ aud: 'someone-else', email: 'a@b.test' }), 'me')).toBeUndefined();
    expect(idTokenEmail(jwt({ aud: 'me', email: 'a@b.test', email_verified: false }), 'me')).toBeUndefined();
    expect(idTokenEmail('not-a-jwt', 'me')).toBeUndefined();
  });
});
