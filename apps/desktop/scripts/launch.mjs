// `npm run desktop`: builds the workspaces and the renderer, then starts the desktop app in
// Electron. Install scripts are off in this repository (.npmrc), so the Electron binary is
// not fetched by `npm ci`; the first run here fetches it (once), and says plainly when that
// cannot work on this machine.
//
//   node apps/desktop/scripts/launch.mjs [electron args…]
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const APP_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const REPO_ROOT = path.resolve(APP_DIR, '..', '..');

/** The Electron executable if it is installed, else why not. */
export function findElectron(require = createRequire(path.join(REPO_ROOT, 'package.json'))) {
  let packageDir;
  try {
    packageDir = path.dirname(require.resolve('electron/package.json'));
  } catch {
    return { found: false, why: 'the electron package is not installed (run "npm ci")' };
  }
  const version = JSON.parse(readFileSync(path.join(packageDir, 'package.json'), 'utf8')).version;
  const pathFile = path.join(packageDir, 'path.txt');
  if (!existsSync(pathFile)) return { found: false, version, packageDir, why: `the Electron ${version} binary was never downloaded` };
  const executable = path.join(packageDir, 'dist', readFileSync(pathFile, 'utf8').trim());
  if (!existsSync(executable)) return { found: false, version, packageDir, why: `${executable} is missing` };
  return { found: true, version, executable };
}

/** What to tell someone whose machine has no Electron binary. */
export function missingElectronMessage(state, downloadError) {
  const version = state.version ?? '(see package.json)';
  return [
    '',
    `The desktop app cannot start here: ${state.why}.`,
    downloadError === undefined ? '' : `Fetching it failed: ${downloadError}`,
    '',
    'That is expected on machines that cannot reach GitHub, where Electron is downloaded from (CI',
    'and these development machines among them). There the desktop shell is typechecked against',
    "Electron's types and tested with fake Electron ports (npx vitest run apps/desktop), and the",
    'same interface runs in a browser: `npm start`.',
    '',
    'To run the desktop app, on a Mac (or any machine with internet access):',
    '  npm ci',
    `  npm run desktop            # downloads Electron ${version} once (about 100 MB), builds, starts`,
    'or fetch the binary yourself first:  node node_modules/electron/install.js',
    '',
  ]
    .filter((line, index, lines) => line !== '' || lines[index - 1] !== '')
    .join('\n');
}

function run(command, args) {
  const result = spawnSync(command, args, { cwd: REPO_ROOT, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

function main(args) {
  let electron = findElectron();
  if (!electron.found && electron.packageDir !== undefined && process.env['ELECTRON_SKIP_BINARY_DOWNLOAD'] === undefined) {
    process.stderr.write(`Downloading Electron ${electron.version} (once)…\n`);
    const fetched = spawnSync(process.execPath, [path.join(electron.packageDir, 'install.js')], { cwd: electron.packageDir, encoding: 'utf8' });
    const failure = fetched.status === 0 ? undefined : (fetched.stderr || fetched.stdout || `exit ${fetched.status}`).trim().split('\n')[0];
    electron = findElectron();
    if (!electron.found) {
      process.stderr.write(`${missingElectronMessage(electron, failure)}\n`);
      process.exit(1);
    }
  }
  if (!electron.found) {
    process.stderr.write(`${missingElectronMessage(electron)}\n`);
    process.exit(1);
  }
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  run(npm, ['run', 'build', '--silent']);
  run(npm, ['run', 'build:app', '--silent', '--if-present']);
  const env = { ...process.env };
  delete env['ELECTRON_RUN_AS_NODE']; // set, it would make Electron a plain Node
  const child = spawn(electron.executable, [APP_DIR, ...args], { cwd: REPO_ROOT, stdio: 'inherit', env });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

if (process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2));
}
