import { describe, expect, it } from 'vitest';
import { build, codes, makeBundled, makeConfig } from './helpers.js';

describe('skills', () => {
  it("list each configured skill's own folder, in config order", () => {
    const result = build(
      makeConfig({ skills: [{ name: 'notes' }, { name: 'brief' }] }),
      {},
      makeBundled({ skills: ['brief', 'notes', 'unlisted'] }),
    );
    expect(result.config.skills).toEqual({ paths: ['/app/skills/notes', '/app/skills/brief'] });
  });

  it('warn about a configured skill that is not bundled', () => {
    const result = build(makeConfig({ skills: [{ name: 'brief' }, { name: 'ghost' }] }), {}, makeBundled({ skills: ['brief'] }));
    expect(result.config.skills).toEqual({ paths: ['/app/skills/brief'] });
    expect(codes(result)).toEqual(['OPENCODE_CONFIG_SKILL_BUNDLE_MISSING']);
    expect(result.warnings[0]?.pointer).toBe('/skills/1');
  });

  it('emit no skills section when there is nothing to load', () => {
    expect(build(makeConfig({ skills: [] })).config).not.toHaveProperty('skills');
  });

  it('do not trip over a skill named like an Object.prototype member', () => {
    const result = build(makeConfig({ skills: [{ name: 'constructor' }] }));
    expect(codes(result)).toEqual(['OPENCODE_CONFIG_SKILL_BUNDLE_MISSING']);
  });
});
