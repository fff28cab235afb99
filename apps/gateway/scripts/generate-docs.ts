// Writes the configuration table into docs/gateway.md; with --check, fails when it is stale.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { withCurrentTable } from '../src/config/docs-table.js';

const file = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'docs', 'gateway.md');
const current = readFileSync(file, 'utf8');
const next = withCurrentTable(current);
if (process.argv.includes('--check')) {
  if (next !== current) {
    console.error('docs/gateway.md: the configuration table is stale; run npm run generate.');
    process.exit(1);
  }
} else if (next !== current) {
  writeFileSync(file, next);
  console.log('docs/gateway.md: configuration table updated.');
}
