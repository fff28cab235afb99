import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY, type HostServer } from '../../src/transport/index.js';
import { startServer } from './helpers.js';

let server: HostServer | undefined;
let site = '';
let outside = '';

beforeAll(async () => {
  const base = await mkdtemp(path.join(tmpdir(), 'oc-static-'));
  site = path.join(base, 'site');
  outside = path.join(base, 'outside');
  await mkdir(path.join(site, 'assets'), { recursive: true });
  await mkdir(outside);
  await writeFile(path.join(site, 'index.html'), '<!doctype html><title>app</title><script type="module" src="/assets/app.js"></script>');
  await writeFile(path.join(site, 'assets', 'app.js'), 'console.log("app")');
  await writeFile(path.join(site, 'assets', 'app.css'), 'body{}');
  await writeFile(path.join(site, 'assets', 'logo.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  await writeFile(path.join(site, '.env'), 'SECRET=1');
  await writeFile(path.join(outside, 'secret.txt'), 'outside-secret');
  await symlink(path.join(outside, 'secret.txt'), path.join(site, 'assets', 'link.txt'));
});
afterAll(async () => {
  if (site !== '') await rm(path.dirname(site), { recursive: true, force: true, maxRetries: 3 });
});
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** A GET whose path is sent exactly as written (fetch would normalize `..`). */
function rawGet(port: number, rawPath: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: rawPath }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

function expectSecurityHeaders(response: Response): void {
  expect(response.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
  expect(response.headers.get('x-content-type-options')).toBe('nosniff');
  expect(response.headers.get('referrer-policy')).toBe('no-referrer');
}

describe('without a built renderer', () => {
  it('serves a placeholder page under the strict CSP, without a token', async () => {
    server = await startServer({ appName: 'Acme <Cowork>' });
    const response = await fetch(`${server.url}/`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expectSecurityHeaders(response);
    const html = await response.text();
    expect(html).toContain('not been built yet');
    expect(html).toContain('Acme &lt;Cowork&gt;');
    expect(html).not.toMatch(/<script|<style|style=/);
    expect(CONTENT_SECURITY_POLICY).toBe(
      "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
        "frame-ancestors 'none'; base-uri 'none'; form-action 'none'; object-src 'none'",
    );
  });
});

describe('with a built renderer', () => {
  it('serves files with their content types', async () => {
    server = await startServer({ staticDir: site });
    const index = await fetch(`${server.url}/`);
    expect(index.status).toBe(200);
    expectSecurityHeaders(index);
    expect(await index.text()).toContain('<title>app</title>');
    const cases: [string, string][] = [
      ['/assets/app.js', 'text/javascript; charset=utf-8'],
      ['/assets/app.css', 'text/css; charset=utf-8'],
      ['/assets/logo.svg', 'image/svg+xml'],
    ];
    for (const [file, type] of cases) {
      const response = await fetch(`${server.url}${file}`);
      expect(response.status, file).toBe(200);
      expect(response.headers.get('content-type'), file).toBe(type);
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    }
  });

  it('falls back to index.html for client-side routes but not for missing assets', async () => {
    server = await startServer({ staticDir: site });
    const route = await fetch(`${server.url}/sessions/abc`);
    expect(route.status).toBe(200);
    expectSecurityHeaders(route);
    expect(await route.text()).toContain('<title>app</title>');
    expect((await fetch(`${server.url}/assets/missing.js`)).status).toBe(404);
  });

  it('answers a matching ETag with 304', async () => {
    server = await startServer({ staticDir: site });
    const first = await fetch(`${server.url}/assets/app.js`);
    const etag = first.headers.get('etag') ?? '';
    expect(etag).not.toBe('');
    const second = await fetch(`${server.url}/assets/app.js`, { headers: { 'if-none-match': etag } });
    expect(second.status).toBe(304);
  });

  it('never serves anything outside the root, hidden files or symlinks that leave it', async () => {
    server = await startServer({ staticDir: site });
    const attempts = [
      '/../outside/secret.txt',
      '/assets/../../outside/secret.txt',
      '/..%2foutside%2fsecret.txt',
      '/%2e%2e/outside/secret.txt',
      '/assets/..%5c..%5coutside%5csecret.txt',
      '/%2e%2e%2f%2e%2e%2f%2e%2e%2fetc%2fpasswd',
      '/.env',
      '/assets/link.txt',
      '/%00',
      '/%E0%A4%A',
    ];
    for (const attempt of attempts) {
      const { status, body } = await rawGet(server.port, attempt);
      expect(body, attempt).not.toContain('outside-secret');
      expect(body, attempt).not.toContain('SECRET=1');
      expect(body, attempt).not.toContain('root:');
      expect([400, 404], attempt).toContain(status);
    }
  });

  it('needs no token for files but does for /api', async () => {
    server = await startServer({ staticDir: site });
    expect((await fetch(`${server.url}/assets/app.js`)).status).toBe(200);
    expect((await fetch(`${server.url}/api/echo`, { method: 'POST', body: '{}' })).status).toBe(401);
  });

  it('accepts only GET and HEAD', async () => {
    server = await startServer({ staticDir: site });
    expect((await fetch(`${server.url}/`, { method: 'POST' })).status).toBe(405);
    const head = await fetch(`${server.url}/assets/app.js`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
  });
});
