export { appPaths, type AppPaths } from './app-paths.js';
export { NodeBrowserOpener, openableUrl, openerCommand, RecordingBrowserOpener, type BrowserOpener } from './browser-opener.js';
export { ManualClock, systemClock, type Clock } from './clock.js';
export { KeyFileCipher } from './key-file-cipher.js';
export { MemoryCipher } from './memory-cipher.js';
export { ensurePrivateDir } from './private-dir.js';
export type { SecretCipher } from './secret-cipher.js';
