// The trust question for a workspace: what OpenCode configuration its folder and every parent
// hold (the runtime's own scan, so the question covers exactly what would load), what the user
// answered for each of those folders, and the answering. Trust is per exact folder.
import { realpath } from 'node:fs/promises';
import path from 'node:path';
import type { TrustFolder, WorkspaceTrust } from '@open-cowork/contracts';
import { findProjectConfig, type FolderConfig } from '@open-cowork/runtime';
import { badField } from '../state/fields.js';
import type { TrustAnswer, WorkspaceTrustStore } from './trust-store.js';

export interface TrustQuestionOptions {
  readonly store: WorkspaceTrustStore;
  /**
   * Whether the runtime runs without a sandbox: then configuration nobody trusted cannot be
   * kept out, and calls in the workspace are refused (WorkspaceTrust.blocked).
   */
  readonly unsandboxed: () => Promise<boolean>;
}

export class TrustQuestion {
  readonly #options: TrustQuestionOptions;

  constructor(options: TrustQuestionOptions) {
    this.#options = options;
  }

  /** What is around `folder` and what is trusted there. */
  async view(folder: string): Promise<WorkspaceTrust> {
    const [found, answers, unsandboxed] = await Promise.all([findProjectConfig(folder), this.#options.store.answers(), this.#options.unsandboxed()]);
    const real = await realOf(folder);
    const folders = found.map((config) => folderView(config, answers.get(config.folder)));
    return {
      trusted: answers.get(real)?.trusted === true,
      ask: folders.some((entry) => entry.decision === 'undecided' && entry.items.length > 0),
      blocked: unsandboxed && folders.some((entry) => entry.decision !== 'trusted'),
      folders,
    };
  }

  /**
   * The user's answer for the workspace at `folder`: it is trusted or not, `parents` (folders
   * of its view) are trusted too, and every other folder with configuration nobody had answered
   * for is recorded as not trusted. Returns whether what is trusted changed.
   */
  async answer(folder: string, trust: boolean, parents: readonly string[] = []): Promise<boolean> {
    const real = await realOf(folder);
    if (!trust && parents.length > 0) throw badField('parents', 'may only be given with trust true');
    const found = await findProjectConfig(real);
    const answers = await this.#options.store.answers();
    const trustedParents = new Set<string>();
    for (const [index, parent] of parents.entries()) {
      const candidate = await realOf(parent);
      if (candidate === real || !found.some((config) => config.folder === candidate)) {
        throw badField(`parents[${index}]`, `${parent} is not a parent folder of ${real} that holds OpenCode configuration`);
      }
      trustedParents.add(candidate);
    }
    const decided = [{ path: real, trusted: trust }, ...[...trustedParents].map((parent) => ({ path: parent, trusted: true }))];
    for (const config of found) {
      if (config.folder !== real && !trustedParents.has(config.folder) && answers.get(config.folder) === undefined) decided.push({ path: config.folder, trusted: false });
    }
    return this.#options.store.answer(decided);
  }
}

function folderView(config: FolderConfig, answer: TrustAnswer | undefined): TrustFolder {
  return {
    path: config.folder,
    decision: answer === undefined ? 'undecided' : answer.trusted ? 'trusted' : 'untrusted',
    items: config.items.map((item) => ({ path: item.path, kind: item.kind })),
    more: config.more,
  };
}

async function realOf(folder: string): Promise<string> {
  const resolved = path.resolve(folder);
  return realpath(resolved).catch(() => resolved);
}
