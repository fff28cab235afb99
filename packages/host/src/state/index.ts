// Private state files every feature keeps its data in: 0600 JSON written atomically, damage moved aside.
export { PrivateJsonFile, writePrivateJson, type DamageReport, type PrivateJsonFileOptions } from './private-file.js';
export { warnProblem, type ProblemSink, type StateProblem } from './problems.js';
export { DATA_DIR_LOCKED, isDataDirLocked, lockDataDir, lockFileOf, type DataDirLock } from './data-dir-lock.js';
export { isRecordedProcess, processIdentity, type ProcessIdentity } from './process-identity.js';
