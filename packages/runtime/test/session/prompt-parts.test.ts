import { describe, expect, it } from 'vitest';
import { filePart, promptParts } from '../../src/session/prompt-parts.js';
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
