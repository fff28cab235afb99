// Rendered charts are saved as files named by their content, so the same chart rendered
// twice is one file, and a path can be handed to a UI without any registry.

import { createHash } from 'node:crypto';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { writeFileAtomic } from '@open-cowork/mcp-kit';

export interface Artifact {
  /** `chart-<first 16 hex digits of the SHA-256>` */
  id: string;
  path: string;
  bytes: number;
  sha256: string;
  mimeType: 'image/svg+xml';
}

export async function saveSvg(dir: string, svg: string): Promise<Artifact> {
  const data = Buffer.from(svg, 'utf8');
  const sha256 = createHash('sha256').update(data).digest('hex');
  const id = `chart-${sha256.slice(0, 16)}`;
  const file = path.join(dir, `${id}.svg`);
  const existing = await stat(file).catch(() => undefined);
  if (!existing || existing.size !== data.byteLength) await writeFileAtomic(file, data);
  return { id, path: file, bytes: data.byteLength, sha256, mimeType: 'image/svg+xml' };
}
