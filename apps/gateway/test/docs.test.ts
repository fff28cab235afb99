import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { withCurrentTable } from '../src/config/docs-table.js';
import { PREFIX, VARIABLES } from '../src/config/variables.js';
import { signDelivery, signInbound } from '../src/webhook/signing.js';
import { REPO_ROOT } from './support/harness.js';

const doc = readFileSync(path.join(REPO_ROOT, 'docs', 'gateway.md'), 'utf8');

describe('docs/gateway.md', () => {
  it('carries the configuration table generated from the variable table (npm run generate)', () => {
    expect(withCurrentTable(doc)).toBe(doc);
    for (const variable of VARIABLES) expect(doc).toContain(`\`${PREFIX}${variable.name}\``);
  });

  it('its worked signing examples are what the gateway computes', () => {
    const secret = '3f6a0c2e9b8d4f71a5c3e2d1b0a9f8e7d6c5b4a3928171605f4e3d2c1b0a9f8e';
    const inbound = '{"id":"msg-42","userId":"U123","chatId":"C9","text":"What changed in the release notes?"}';
    const delivery = '{"deliveryId":"dlv_0123","chatId":"C9","threadId":null,"text":"Two things changed.","chunk":1,"chunks":1,"inReplyTo":"msg-42"}';
    expect(doc).toContain(`signature: ${signInbound(secret, '1767225600', inbound)}`);
    expect(doc).toContain(`has the signature \`${signDelivery(secret, '1767225600', delivery)}\``);
  });

  it('pins the PGlite version it names', () => {
    const manifest = JSON.parse(readFileSync(path.join(REPO_ROOT, 'apps', 'gateway', 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
    const pinned = manifest.dependencies['@electric-sql/pglite'];
    expect(pinned).toMatch(/^\d+\.\d+\.\d+$/);
    expect(doc).toContain(`\`@electric-sql/pglite\` **${pinned}**`);
  });
});
