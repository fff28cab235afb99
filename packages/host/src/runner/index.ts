// The record `open-cowork runner` keeps in the data dir, and app.runner, which shows it.
export { removeRunnerRecord, runningRunner, writeRunnerRecord, type RunnerRecord } from './record.js';
export { runnerInfo } from './service.js';
