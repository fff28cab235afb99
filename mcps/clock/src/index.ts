// The clock MCP server: current time, zone conversion and date arithmetic, with Intl only.
// Needs no environment variables.

import { runStdioServer } from '@open-cowork/mcp-kit';
import { clockTools, defaultClock } from './tools.js';

await runStdioServer({
  name: 'clock',
  version: '0.1.0',
  instructions: 'Use clock_now for today\'s date and time before reasoning about dates; clock_add and clock_diff do calendar arithmetic in a time zone.',
  setup: () => defaultClock(),
  tools: clockTools,
});
