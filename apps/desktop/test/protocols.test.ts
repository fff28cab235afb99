import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { DESKTOP_CONTENT_SECURITY_POLICY } from '../src/origin.js';
import { brandProtocol, rendererProtocol, resolveInside } from '../src/protocols.js';

let root: string;
let rendererDir: string;
let downstreamBrand: string;
let upstreamBrand: string;

beforeAll(() => {
  root = mkdtempSync(path.join(tmpdir(), 'oc-protocols-'));
  rendererDir = path.join(root, 'dist');
  mkdirSync(path.join(rendererDir, 'assets'), { recursive: true });
  writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>app</title>');
  writeFileSync(path.join(rendererDir, 'assets', 'main.js'), 'console.log(1)');
  writeFileSync(path.join(root, 'secret.txt'), 'TOP SECRET');
  writeFileSync(path.join(root, 'secret.svg'), '<svg>TOP SECRET</svg>');
  upstreamBrand = path.join(root, 'upstream', 'branding');
  downstreamBrand = path.join(root, 'downstream', 'branding');
  mkdirSync(upstreamBrand, { recursive: true });
  mkdirSync(downstreamBrand, { recursive: true });
  writeFileSync(path.join(upstreamBrand, 'mark.svg'), '<svg>upstream mark</svg>');
  writeFileSync(path.join(upstreamBrand, 'logo.svg'), '<svg>upstream logo</svg>');
  writeFileSync(path.join(downstreamBrand, 'logo.svg'), '<svg>downstream logo</svg>');
  writeFileSync(path.join(downstreamBrand, 'notes.txt'), 'not an image');
  symlinkSync(path.join(root, 'secret.svg'), path.join(downstreamBrand, 'escape.svg'));
  symlinkSync(root, path.join(downstreamBrand, 'up'));
});

const get = (handler: (request: Request) => Promise<Response>, url: string, init?: RequestInit) => handler(new Request(url, init));

describe('app:// (the renderer)', () => {
  it('serves index.html at / and for the renderer routes, with the CSP', async () => {
    const serve = rendererProtocol(rendererDir);
    for (const url of ['app://open-cowork/', 'app://open-cowork/index.html', 'app://open-cowork/settings/providers']) {
      const response = await get(serve, url);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(response.headers.get('content-security-policy')).toBe(DESKTOP_CONTENT_SECURITY_POLICY);
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(await response.text()).toContain('<title>app</title>');
    }
  });

  it('serves assets with their type, and 404s (with the CSP) for missing ones', async () => {
    const serve = rendererProtocol(rendererDir);
    const script = await get(serve, 'app://open-cowork/assets/main.js');
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    const missing = await get(serve, 'app://open-cowork/assets/gone.js');
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-security-policy')).toBe(DESKTOP_CONTENT_SECURITY_POLICY);
  });

  it('never serves a file outside the renderer folder', async () => {
    const serve = rendererProtocol(rendererDir);
    for (const url of [
      'app://open-cowork/../secret.txt',
      'app://open-cowork/%2e%2e/secret.txt',
      'app://open-cowork/assets/..%2f..%2fsecret.txt',
      'app://open-cowork/..%5csecret.txt',
      'app://open-cowork/%2fsecret.txt',
      'app://open-cowork/assets/%00main.js',
    ]) {
      const response = await get(serve, url);
      expect(response.status, url).toBe(404);
      expect(await response.text()).not.toContain('TOP SECRET');
    }
  });

  it('answers only its own host and only GET/HEAD', async () => {
    const serve = rendererProtocol(rendererDir);
    expect((await get(serve, 'app://other-host/index.html')).status).toBe(404);
    expect((await get(serve, 'app://open-cowork/index.html', { method: 'POST', body: 'x' })).status).toBe(405);
  });

  it('explains itself when the renderer was never built', async () => {
    const serve = rendererProtocol(path.join(root, 'no-such-dist'));
    const response = await get(serve, 'app://open-cowork/');
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('npm run build:app');
    expect(response.headers.get('content-security-policy')).toBe(DESKTOP_CONTENT_SECURITY_POLICY);
  });
});

describe('open-cowork-brand:// (brand assets)', () => {
  it('serves images from the highest branding folder that has them', async () => {
    const serve = brandProtocol([downstreamBrand, upstreamBrand]);
    const logo = await get(serve, 'open-cowork-brand://brand/logo.svg');
    expect(logo.status).toBe(200);
    expect(logo.headers.get('content-type')).toBe('image/svg+xml');
    expect(logo.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(await logo.text()).toContain('downstream logo');
    expect(await (await get(serve, 'open-cowork-brand://brand/mark.svg')).text()).toContain('upstream mark');
  });

  it('refuses traversal, symlinks out of the folder, non-images and other hosts', async () => {
    const serve = brandProtocol([downstreamBrand, upstreamBrand]);
    for (const url of [
      'open-cowork-brand://brand/../../secret.svg',
      'open-cowork-brand://brand/%2e%2e/%2e%2e/secret.svg',
      'open-cowork-brand://brand/..%2f..%2fsecret.svg',
      'open-cowork-brand://brand/..%5c..%5csecret.svg',
      'open-cowork-brand://brand/escape.svg',
      'open-cowork-brand://brand/up/secret.svg',
      'open-cowork-brand://brand/notes.txt',
      'open-cowork-brand://elsewhere/logo.svg',
    ]) {
      const response = await get(serve, url);
      expect(response.status, url).toBe(404);
      expect(await response.text()).not.toContain('TOP SECRET');
    }
  });
});

describe('resolveInside', () => {
  it('resolves plain paths and refuses everything that could leave the folder', async () => {
    expect(await resolveInside(rendererDir, '/assets/main.js')).toBe(path.join(rendererDir, 'assets', 'main.js'));
    for (const bad of ['/', '', '/assets', '/../secret.txt', '/assets//main.js', '/./index.html', '/%E0%A4%A', '/a%2Fb']) {
      expect(await resolveInside(rendererDir, bad), bad).toBeUndefined();
    }
  });
});
