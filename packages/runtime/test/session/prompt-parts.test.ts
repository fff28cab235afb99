import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attachmentsInside, filePart, promptParts } from '../../src/session/prompt-parts.js';
import { guessMime, parseModelRef, RuntimeRequestErrorCode } from '../../src/session/index.js';

describe('prompt parts', () => {
  it('splits provider/model at the first slash', () => {
    expect(parseModelRef('x', 'scripted/scripted-1')).toEqual({ providerID: 'scripted', modelID: 'scripted-1' });
    expect(parseModelRef('x', 'openrouter/anthropic/claude')).toEqual({ providerID: 'openrouter', modelID: 'anthropic/claude' });
    for (const bad of ['', 'scripted', '/m', 'p/']) {
      expect(() => parseModelRef('x', bad)).toThrow(expect.objectContaining({ code: RuntimeRequestErrorCode.BadRequest }));
    }
  });

  it('attaches files as file:// URLs resolved against the workspace, with a mime type OpenCode understands', () => {
    expect(filePart('/work/space', { path: 'notes/a b.md' })).toEqual({
      type: 'file',
      mime: 'text/plain',
      filename: 'a b.md',
      url: 'file:///work/space/notes/a%20b.md',
    });
    expect(filePart('/work/space', { path: '/abs/pic.PNG', filename: 'Picture' })).toMatchObject({ mime: 'image/png', filename: 'Picture', url: 'file:///abs/pic.PNG' });
    expect(filePart('/work/space', { path: 'src/' })).toMatchObject({ mime: 'application/x-directory', url: 'file:///work/space/src/' });
    expect(guessMime('report.pdf')).toBe('application/pdf');
  });

  it('puts the text first and refuses an empty prompt', () => {
    expect(promptParts('x', '/w', 'Hi', [{ path: 'a.txt' }]).map((part) => part.type)).toEqual(['text', 'file']);
    expect(promptParts('x', '/w', '', [{ path: 'a.txt' }]).map((part) => part.type)).toEqual(['file']);
    expect(() => promptParts('x', '/w', '  ')).toThrow(expect.objectContaining({ code: RuntimeRequestErrorCode.BadRequest }));
  });
});

describe('attachments stay inside the workspace', () => {
  let base: string;
  let workspace: string;
  let secret: string;

  beforeAll(() => {
    base = realpathSync(mkdtempSync(path.join(tmpdir(), 'oc-attach-')));
    workspace = path.join(base, 'workspace');
    secret = path.join(base, 'secret.txt');
    mkdirSync(path.join(workspace, 'notes'), { recursive: true });
    writeFileSync(path.join(workspace, 'notes', 'a.md'), 'inside');
    writeFileSync(secret, 'outside');
    symlinkSync(secret, path.join(workspace, 'innocent.txt'));
    symlinkSync(base, path.join(workspace, 'up'));
    symlinkSync(path.join(workspace, 'notes', 'a.md'), path.join(workspace, 'alias.md'));
    symlinkSync(workspace, path.join(base, 'workspace-link'));
  });
  afterAll(() => rmSync(base, { recursive: true, force: true }));

  const refusal = (files: { path: string }[], directory = workspace) => attachmentsInside('session.prompt', directory, files).then(() => undefined, (error: unknown) => error);

  it('passes files and folders inside it on by their real paths, keeping the name asked for', async () => {
    expect(await attachmentsInside('session.prompt', workspace, [{ path: 'notes/a.md' }, { path: path.join(workspace, 'notes') + '/' }, { path: 'alias.md' }, { path: 'notes/../notes/a.md' }])).toEqual([
      { path: path.join(workspace, 'notes', 'a.md'), filename: 'a.md' },
      { path: `${path.join(workspace, 'notes')}/`, filename: 'notes' },
      { path: path.join(workspace, 'notes', 'a.md'), filename: 'alias.md' },
      { path: path.join(workspace, 'notes', 'a.md'), filename: 'a.md' },
    ]);
    // The workspace named through a link of its own is the same workspace.
    expect(await attachmentsInside('session.prompt', path.join(base, 'workspace-link'), [{ path: 'notes/a.md' }])).toEqual([{ path: path.join(workspace, 'notes', 'a.md'), filename: 'a.md' }]);
  });

  it('refuses .., absolute paths elsewhere and links that lead out, naming the path and where it is in the call', async () => {
    for (const [asked, problem] of [
      ['../secret.txt', `is outside the workspace ${workspace}`],
      ['notes/../../secret.txt', `is outside the workspace ${workspace}`],
      [secret, `is outside the workspace ${workspace}`],
      ['/etc/hostname', `is outside the workspace ${workspace}`],
      ['innocent.txt', `is outside the workspace ${workspace} (it leads to ${secret})`],
      ['up/secret.txt', `is outside the workspace ${workspace} (it leads to ${secret})`],
      ['up/', `is outside the workspace ${workspace} (it leads to ${base})`],
    ] as const) {
      const error = await refusal([{ path: 'notes/a.md' }, { path: asked }]);
      expect(error, asked).toMatchObject({ code: RuntimeRequestErrorCode.BadRequest, data: { pointer: '/files/1/path' } });
      expect((error as Error).message).toBe(`session.prompt: files[1].path: "${asked}" ${problem}; attach files inside the workspace only.`);
    }
  });

  it('refuses what does not exist, and a folder or file asked for as the other', async () => {
    expect(((await refusal([{ path: 'nope.md' }])) as Error).message).toContain(`"nope.md" does not exist in the workspace ${workspace}`);
    expect(((await refusal([{ path: 'notes' }])) as Error).message).toContain('"notes" is a folder (end its path with "/" to attach a folder listing)');
    expect(((await refusal([{ path: 'notes/a.md/' }])) as Error).message).toContain('"notes/a.md/" is not a folder');
  });
});
