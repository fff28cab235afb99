#!/usr/bin/env node
// Runs the built CLI (`npm run build` first); the logic lives in src/cli.ts.
import { main } from '../dist/cli.js';

await main(process.argv.slice(2));
