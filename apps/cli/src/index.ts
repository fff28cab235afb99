export { runCli, mainHelp } from './main.js';
export { ExitCode, type CliIo } from './io.js';
