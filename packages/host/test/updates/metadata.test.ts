import { describe, expect, it } from 'vitest';
import { compareVersions, isNewer, MetadataError, parseFeedMetadata, parseVersion } from '../../src/updates/index.js';
import { fileUrl } from '../../src/updates/index.js';
import { latestMac } from './support.js';

describe('updater metadata', () => {
  it('reads latest-mac.yml as electron-builder writes it', () => {
    const metadata = parseFeedMetadata(latestMac('1.4.0'));
    expect(metadata.version).toBe('1.4.0');
    expect(metadata.files).toEqual([
      { url: 'Open-Cowork-1.4.0-arm64-mac.zip', sha512: '3Zr0cmV5b3VyZmVlZGhhc2g0NTY3ODkwYWJjZGVm+/A==', size: 104857600 },
      { url: 'Open-Cowork-1.4.0-arm64.dmg', sha512: 'ZG1naGFzaDEyMzQ1Njc4OTBhYmNkZWZnaGlqa2xt+/B==', size: 109051904 },
    ]);
    expect(metadata.path).toBe('Open-Cowork-1.4.0-arm64-mac.zip');
    expect(metadata.releaseDate).toBe('2025-03-04T05:06:07.890Z');
  });

  it('takes lists at the key\'s own indentation, quoted values, comments and block-scalar release notes', () => {
    const metadata = parseFeedMetadata(
      [
        '# written by hand',
        '---',
        "version: '2.0.0-beta.3'",
        'releaseNotes: |',
        '  Faster start.',
        '  url: this line belongs to the notes',
        'files:',
        '- url: "App 2.0.0.zip"',
        '  sha512: abc',
        'releaseDate: "2025-05-06T00:00:00Z" # UTC',
        'stagingPercentage: 50',
      ].join('\r\n'),
    );
    expect(metadata.version).toBe('2.0.0-beta.3');
    expect(metadata.files).toEqual([{ url: 'App 2.0.0.zip', sha512: 'abc' }]);
    expect(metadata.releaseDate).toBe('2025-05-06T00:00:00Z');
  });

  it('falls back to path and sha512 when files is missing (older builders)', () => {
    expect(parseFeedMetadata('version: 1.0.1\npath: App.zip\nsha512: xyz\n').files).toEqual([{ url: 'App.zip', sha512: 'xyz' }]);
  });

  it.each([
    ['no version', 'files:\n  - url: a.zip\n'],
    ['a version that is not semver', 'version: latest\nfiles:\n  - url: a.zip\n'],
    ['no files', 'version: 1.0.0\n'],
    ['an HTML error page', '<html><body>Access denied</body></html>\n'],
    ['a flow collection', 'version: [1.0.0\nfiles: {url: a.zip}\n'],
    ['a file without url', 'version: 1.0.0\nfiles:\n  - sha512: abc\n'],
    ['a size that is not a number', 'version: 1.0.0\nfiles:\n  - url: a.zip\n    size: big\n'],
    ['a duplicate key', 'version: 1.0.0\nversion: 1.0.1\nfiles:\n  - url: a.zip\n'],
    ['tabs in indentation', 'version: 1.0.0\nfiles:\n\t- url: a.zip\n'],
    ['an unterminated quote', "version: '1.0.0\nfiles:\n  - url: a.zip\n"],
    ['stray indentation', 'version: 1.0.0\n   oops: yes\nfiles:\n  - url: a.zip\n'],
    ['an empty document', ''],
  ])('refuses %s', (_what, yaml) => {
    expect(() => parseFeedMetadata(yaml)).toThrow(MetadataError);
  });
});

describe('versions', () => {
  it('orders releases, pre-releases and build metadata as semver does', () => {
    const order = ['1.0.0-alpha', '1.0.0-alpha.1', '1.0.0-alpha.beta', '1.0.0-beta', '1.0.0-beta.2', '1.0.0-beta.11', '1.0.0-rc.1', '1.0.0', '1.0.1', '1.2.0', '10.0.0'];
    for (let i = 0; i + 1 < order.length; i += 1) {
      expect(compareVersions(parseVersion(order[i]!)!, parseVersion(order[i + 1]!)!), `${order[i]} < ${order[i + 1]}`).toBeLessThan(0);
      expect(compareVersions(parseVersion(order[i + 1]!)!, parseVersion(order[i]!)!)).toBeGreaterThan(0);
    }
    expect(compareVersions(parseVersion('v1.2.3+build.7')!, parseVersion('1.2.3')!)).toBe(0);
    expect(parseVersion('1.2')).toBeUndefined();
    expect(parseVersion('01.2.3')).toBeUndefined();
  });

  it('treats a current version that does not parse as the oldest', () => {
    expect(isNewer(parseVersion('0.0.1')!, 'dev')).toBe(true);
    expect(isNewer(parseVersion('1.0.0')!, '1.0.0')).toBe(false);
    expect(isNewer(parseVersion('1.0.0')!, '1.0.0-rc.1')).toBe(true);
  });
});

describe('feed file URLs', () => {
  it('joins the metadata file onto the feed folder and keeps a signed query', () => {
    expect(fileUrl('https://u.example/mac', 'latest-mac.yml').href).toBe('https://u.example/mac/latest-mac.yml');
    expect(fileUrl('https://u.example/mac/', 'beta-mac.yml').href).toBe('https://u.example/mac/beta-mac.yml');
    expect(fileUrl('https://u.example/feed?X-Goog-Signature=abc&X-Goog-Expires=60', 'latest-mac.yml').href).toBe(
      'https://u.example/feed/latest-mac.yml?X-Goog-Signature=abc&X-Goog-Expires=60',
    );
  });
});
