import { ToolError } from '@open-cowork/mcp-kit';
import { describe, expect, it } from 'vitest';
import { bindArgs, checkPlaybook, renderPrompt, type Playbook } from '../src/playbook.js';
import { fillTemplate, parseTemplate } from '../src/template.js';

describe('templates', () => {
  it('finds placeholders (spaces allowed) and fills them', () => {
    const parsed = parseTemplate('Hi {{ name }}, see {{topic}} and {{name}} again. \\{{literal}} and } } stay.');
    expect(parsed.params).toEqual(['name', 'topic']);
    expect(parsed.problems).toEqual([]);
    expect(fillTemplate(parsed, { name: 'Ann', topic: 'Q3' })).toBe('Hi Ann, see Q3 and Ann again. {{literal}} and } } stay.');
  });

  it('reports malformed placeholders with their position', () => {
    const { problems } = parseTemplate('ok\nthen {{two words}} and {{}}');
    expect(problems).toHaveLength(2);
    expect(problems[0]).toContain('line 2, column 6: "{{two words}} and {{}}" is not a placeholder');
  });

  it('does not re-expand placeholders inside values', () => {
    expect(fillTemplate(parseTemplate('{{a}}'), { a: '{{b}}' })).toBe('{{b}}');
  });
});

describe('checkPlaybook', () => {
  const base = { name: 'weekly-status', title: 'Weekly status', template: 'Report on {{project}} for {{audience}}.' };

  it('accepts declared parameters; a default makes a parameter optional', () => {
    const { definition, warnings } = checkPlaybook({
      ...base,
      params: [{ name: 'project', description: 'Project name' }, { name: 'audience', default: 'the team' }, { name: 'unused', required: false }],
    });
    expect(definition.params).toEqual([
      { name: 'project', description: 'Project name', required: true },
      { name: 'audience', description: '', required: false, default: 'the team' },
      { name: 'unused', description: '', required: false },
    ]);
    expect(warnings).toEqual(['parameter "unused" is declared but the template does not use it']);
  });

  it('refuses undeclared placeholders and lists every problem at once', () => {
    expect(() => checkPlaybook({ ...base, params: [{ name: 'project' }] })).toThrow(ToolError);
    let message = '';
    try {
      checkPlaybook({ ...base, name: 'Bad Name', params: [{ name: 'project' }, { name: 'project' }, { name: '9x' }, { name: 'audience', required: true, default: 'x' }] });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain('name "Bad Name" must be');
    expect(message).toContain('parameter "project" is declared twice');
    expect(message).toContain('parameter name "9x"');
    expect(message).toContain('parameter "audience" is required and has a default');
    expect(() => checkPlaybook({ ...base, params: [] })).toThrow('the template uses {{project}}, {{audience}} but declares no such parameter; add them to params');
    expect(() => checkPlaybook({ ...base, template: 'x {{ bad-name }}', params: [] })).toThrow('is not a placeholder');
  });
});

describe('bindArgs', () => {
  const playbook: Playbook = {
    ...checkPlaybook({
      name: 'p',
      title: 'P',
      template: '{{project}} / {{audience}} / {{note}} / {{count}}',
      params: [{ name: 'project', description: 'which project' }, { name: 'audience', default: 'team' }, { name: 'note', required: false }, { name: 'count' }],
    }).definition,
    created: '',
    updated: '',
  };

  it('applies defaults, stringifies scalars and renders', () => {
    const values = bindArgs(playbook, { project: 'Atlas', count: 3 });
    expect(values).toEqual({ project: 'Atlas', audience: 'team', note: '', count: '3' });
    expect(renderPrompt(playbook, values)).toBe('Atlas / team /  / 3');
  });

  it('refuses unknown arguments and missing required ones together', () => {
    expect(() => bindArgs(playbook, { projekt: 'x', count: 1 })).toThrow(
      'Cannot run "p":\n- unknown argument projekt (parameters: project, audience, note, count)\n- missing required argument project (which project)',
    );
    expect(() => bindArgs(playbook, { project: '  ', count: 1 })).toThrow('missing required argument project');
  });
});
