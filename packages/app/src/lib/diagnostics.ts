// "Copy diagnostics": the About section's facts and the recent log as plain text, ready to
// paste into a bug report. The host already removed secrets and shows the home folder as ~.

import type { AppInfo, Diagnostics, DiagnosticLogLine } from '@open-cowork/contracts';

/** One log line as people read it: time (UTC), source, level (unless info) and message. */
export function logLineText(line: DiagnosticLogLine): string {
  const time = new Date(line.time).toISOString().slice(11, 19);
  const level = line.level === 'info' ? '' : `${line.level.toUpperCase()} `;
  return `${time} ${line.source.padEnd(7)} ${level}${line.message}`;
}

/** The runtime's state in one line: "ready (OpenCode 1.2.3, pid 42)", "failed: reason". */
export function runtimeText(runtime: Diagnostics['runtime']): string {
  const details = [runtime.version ? `OpenCode ${runtime.version}` : '', runtime.pid !== undefined ? `pid ${runtime.pid}` : '', runtime.code ?? ''].filter(Boolean);
  return `${runtime.state}${details.length > 0 ? ` (${details.join(', ')})` : ''}${runtime.reason ? `: ${runtime.reason}` : ''}`;
}

export function diagnosticsText(info: Pick<AppInfo, 'name'> | undefined, diagnostics: Diagnostics, now = Date.now()): string {
  const { versions } = diagnostics;
  return [
    `${info?.name ?? 'Open Cowork'} diagnostics (${new Date(now).toISOString()})`,
    `App version: ${versions.app}`,
    `Host contract: ${versions.contract}`,
    `OpenCode: ${versions.opencode ?? 'unknown'}`,
    `Node.js: ${versions.node}`,
    `Platform: ${versions.platform} ${versions.arch}`,
    `Data folder: ${diagnostics.dataDir}`,
    `Runtime: ${runtimeText(diagnostics.runtime)}`,
    '',
    `Recent log (${diagnostics.logs.length} lines):`,
    ...diagnostics.logs.map(logLineText),
    '',
  ].join('\n');
}
