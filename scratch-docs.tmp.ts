import * as m from '@open-cowork/config';
const env = JSON.parse(process.env.SCRATCH_ENV ?? '{}');
const only = process.env.SCRATCH_ONLY;
const full = process.env.SCRATCH_FULL !== undefined;
const r = m.loadConfig({ defaultConfigPath: 'open-cowork.config.json', env,
  ...(full ? { platform: 'linux', homeDir: '/tmp/occ/home', managedConfigPaths: JSON.parse(process.env.SCRATCH_MANAGED ?? '[]') } : { userDataDir: '/tmp/none', managedConfigPaths: [] }),
  ...(only ? { onlyFiles: [{ kind: (process.env.SCRATCH_KIND ?? 'downstream') as 'downstream', file: only }] } : {}) });
console.log(r.ok, r.failedClosed, r.issues.map(m.formatIssue), r.layers.map(l => `${l.kind}:${l.status}:${l.file}`));
if (process.env.SCRATCH_EXPLAIN !== undefined) for (const e of m.explainConfig(r, m.toPointer(process.env.SCRATCH_EXPLAIN)) ?? []) console.log(e.pointer, JSON.stringify(e.value), e.layer.kind, e.sourcePointer);
