import { mkdirSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { EnvError } from '@open-cowork/mcp-kit';
import { tempDir } from '@open-cowork/mcp-kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkCustomSkillsDir, defaultHomes } from '../src/custom-dir.js';

const homes = ['/home/alice'];
const noLinks = () => undefined;
const check = (value: string | undefined) => checkCustomSkillsDir(value, { homes, realpath: noLinks });
const message = (value: string | undefined) => {
  try {
    check(value);
  } catch (error) {
    expect(error).toBeInstanceOf(EnvError);
    expect((error as EnvError).variable).toBe('OPEN_COWORK_CUSTOM_SKILLS_DIR');
    return (error as Error).message;
  }
  throw new Error(`"${value}" was accepted`);
};

describe('checkCustomSkillsDir', () => {
  it('accepts an app-managed directory and normalises it', () => {
    expect(check('/home/alice/.local/share/open-cowork/skills')).toBe('/home/alice/.local/share/open-cowork/skills');
    expect(check('/home/alice/.config/app//skills/')).toBe('/home/alice/.config/app/skills');
    expect(check('/var/lib/app/x/../skills')).toBe('/var/lib/app/skills');
  });

  it('requires the variable and an absolute path', () => {
    expect(message(undefined)).toContain('OPEN_COWORK_CUSTOM_SKILLS_DIR is not set');
    expect(message('  ')).toContain('is not set');
    expect(message('skills')).toContain('must be an absolute path; got "skills"');
    expect(message('./skills')).toContain('must be an absolute path');
  });

  it('refuses filesystem roots, however they are written', () => {
    for (const root of ['/', '//', '/./', '/tmp/..', '/home/alice/../../']) expect(message(root)).toContain('a filesystem root');
  });

  it('refuses the home directory with trailing slashes or .. segments, and any folder containing it', () => {
    for (const home of ['/home/alice', '/home/alice/', '/home/alice//', '/home/alice/projects/..', '/home/bob/../alice/.']) {
      expect(message(home)).toContain("the user's home directory");
    }
    expect(message('/home')).toContain("contains the user's home directory");
    // A sibling whose name starts like the home is not inside it.
    expect(check('/home/alice-app/skills')).toBe('/home/alice-app/skills');
  });

  it('protects $HOME and the account home by default', () => {
    expect(defaultHomes().length).toBeGreaterThan(0);
    for (const home of defaultHomes()) expect(() => checkCustomSkillsDir(home + path.sep)).toThrow("the user's home directory");
  });

  it('uses Windows rules on Windows paths', () => {
    const win = (value: string) => () => checkCustomSkillsDir(value, { homes: ['C:\\Users\\bob'], realpath: noLinks, pathApi: path.win32 });
    expect(win('C:\\')).toThrow('a filesystem root');
    expect(win('C:\\Users\\bob\\')).toThrow("the user's home directory");
    expect(win('C:\\Users')).toThrow("contains the user's home directory");
    expect(win('C:\\Users\\bob\\AppData\\Roaming\\App\\skills')()).toBe('C:\\Users\\bob\\AppData\\Roaming\\App\\skills');
  });

  describe('symbolic links', () => {
    let tmp: Awaited<ReturnType<typeof tempDir>>;
    beforeAll(async () => {
      tmp = await tempDir('skills-dir');
      mkdirSync(path.join(tmp.dir, 'home'));
      mkdirSync(path.join(tmp.dir, 'app', 'skills'), { recursive: true });
      symlinkSync(path.join(tmp.dir, 'home'), path.join(tmp.dir, 'link-to-home'));
      symlinkSync('/', path.join(tmp.dir, 'link-to-root'));
    });
    afterAll(() => tmp.remove());

    it('refuses a link to the home directory or to a root, and accepts a real app folder', () => {
      const options = { homes: [path.join(tmp.dir, 'home')] };
      expect(() => checkCustomSkillsDir(path.join(tmp.dir, 'link-to-home'), options)).toThrow(/resolves to ".*home"\), the user's home directory/);
      expect(() => checkCustomSkillsDir(path.join(tmp.dir, 'link-to-root') + '/', options)).toThrow('a filesystem root');
      expect(checkCustomSkillsDir(path.join(tmp.dir, 'app', 'skills'), options)).toBe(path.join(tmp.dir, 'app', 'skills'));
    });
  });
});
