// Electron's entry point: the one module that loads Electron. Everything else happens in
// startDesktop, over ports, so it can be tested without Electron.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, BrowserWindow, dialog, ipcMain, Menu, protocol, safeStorage, screen, session, shell } from 'electron';
import { loadConfig } from '@open-cowork/config';
import { startDesktop } from './desktop.js';
import { electronPorts } from './electron-ports.js';
import { desktopLayout, hostEnvironment } from './layout.js';
import { desktopLog } from './log.js';

const where = { isPackaged: app.isPackaged, moduleDir: path.dirname(fileURLToPath(import.meta.url)), resourcesPath: process.resourcesPath };
const layout = desktopLayout(where);
const log = desktopLog({ verbose: process.env['OPEN_COWORK_VERBOSE'] === '1' });

const loadNow = () => loadConfig({ defaultConfigPath: layout.defaultConfig, env: process.env, cwd: process.cwd() });

startDesktop(electronPorts({ app, BrowserWindow, dialog, ipcMain, Menu, protocol, safeStorage, screen, session, shell }, process.platform), {
  load: loadNow(),
  reloadConfig: loadNow,
  layout,
  platform: process.platform,
  env: hostEnvironment(process.env, { ...where, platform: process.platform, arch: process.arch }),
  logger: log.logger,
  onDataDir: (dataDir) => log.toFile(path.join(dataDir, 'logs')),
}).then(
  (outcome) => {
    if (outcome.status !== 'running') log.close();
  },
  (error: unknown) => {
    log.logger.error(`the app could not start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    dialog.showErrorBox('The app could not start', error instanceof Error ? error.message : String(error));
    app.exit(1);
  },
);
