import { describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '@open-cowork/host';
import { DESKTOP_CONTENT_SECURITY_POLICY, externalUrl, isAppUrl } from '../src/origin.js';

const directives = (policy: string) => new Map(policy.split(';').map((part) => part.trim().split(/\s+/)).map(([name, ...values]) => [name, values]));

describe("the app's origin", () => {
  it("uses the headless host's CSP, with brand images as the only addition", () => {
    const host = directives(CONTENT_SECURITY_POLICY);
    const desktop = directives(DESKTOP_CONTENT_SECURITY_POLICY);
    expect([...desktop.keys()]).toEqual([...host.keys()]);
    for (const [name, values] of host) {
      expect(desktop.get(name)).toEqual(name === 'img-src' ? [...values, 'open-cowork-brand:'] : values);
    }
    expect(desktop.get('script-src')).toEqual(["'self'"]);
  });

  it('recognises app URLs only on the app scheme and host', () => {
    expect(isAppUrl('app://open-cowork/index.html')).toBe(true);
    expect(isAppUrl('app://open-cowork/')).toBe(true);
    expect(isAppUrl('app://open-cowork.evil/index.html')).toBe(false);
    expect(isAppUrl('app://user:pw@open-cowork/index.html')).toBe(false);
    expect(isAppUrl('https://open-cowork/index.html')).toBe(false);
    expect(isAppUrl('file:///open-cowork/index.html')).toBe(false);
    expect(isAppUrl('')).toBe(false);
  });

  it('lets only https pages and mailto: addresses leave the app', () => {
    expect(externalUrl('https://example.com/a b')).toBe('https://example.com/a%20b');
    expect(externalUrl('mailto:help@example.com')).toBe('mailto:help@example.com');
    for (const url of ['http://example.com', 'javascript:alert(1)', 'file:///etc/passwd', 'data:text/html,x', 'ssh://host', 'https://user:pw@example.com/', 'mailto:', '']) {
      expect(externalUrl(url)).toBeUndefined();
    }
  });
});
