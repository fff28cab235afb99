import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  absoluteDirFromEnv,
  createServer,
  defineTool,
  EnvError,
  isInside,
  jsonResult,
  parseMarkdown,
  renderFrontmatter,
  serialQueue,
  slugify,
  textResult,
  ToolError,
  writeFileAtomic,
  yamlScalar,
  z,
} from '../src/index.js';
import { tempDir } from '../testing/index.js';

let tmp: Awaited<ReturnType<typeof tempDir>>;
beforeEach(async () => {
  tmp = await tempDir('mcp-kit');
});
afterEach(() => tmp.remove());

describe('environment directories', () => {
  it('normalises absolute paths and creates the directory when asked', () => {
    const target = path.join(tmp.dir, 'a', 'b');
    expect(absoluteDirFromEnv({ DIR: `${tmp.dir}/x/../a//b/` }, 'DIR', { create: true })).toBe(target);
    expect(statSync(target).isDirectory()).toBe(true);
  });

  it('names the variable in every refusal', () => {
    const cases: [Record<string, string>, string][] = [
      [{}, 'DIR is not set'],
      [{ DIR: ' ' }, 'DIR is not set'],
      [{ DIR: 'relative/path' }, 'DIR must be an absolute path; got "relative/path"'],
      [{ DIR: path.join(tmp.dir, 'missing') }, 'which does not exist'],
    ];
    for (const [env, message] of cases) {
      expect(() => absoluteDirFromEnv(env, 'DIR')).toThrow(EnvError);
      expect(() => absoluteDirFromEnv(env, 'DIR')).toThrow(message);
    }
    const file = path.join(tmp.dir, 'file');
    writeFileSync(file, 'x');
    expect(() => absoluteDirFromEnv({ DIR: file }, 'DIR', { create: true })).toThrow('which is not a directory');
  });
});

describe('files', () => {
  it('writes atomically, leaving no temporary files behind', async () => {
    const file = path.join(tmp.dir, 'deep', 'index.json');
    await writeFileAtomic(file, 'one');
    await writeFileAtomic(file, 'two');
    expect(readFileSync(file, 'utf8')).toBe('two');
    expect(readdirSync(path.dirname(file))).toEqual(['index.json']);
  });

  it('checks containment on resolved paths', () => {
    expect(isInside('/a/b', '/a/b/c.md')).toBe(true);
    expect(isInside('/a/b', '/a/b')).toBe(true);
    expect(isInside('/a/b', '/a/b/../c')).toBe(false);
    expect(isInside('/a/b', '/a/bc')).toBe(false);
  });

  it('runs queued tasks one at a time, even after a failure', async () => {
    const queue = serialQueue();
    const order: string[] = [];
    const task = (name: string, ms: number, fail = false) => () =>
      new Promise<string>((resolve, reject) =>
        setTimeout(() => {
          order.push(name);
          if (fail) reject(new Error(name));
          else resolve(name);
        }, ms),
      );
    const results = await Promise.allSettled([queue(task('slow', 30)), queue(task('fails', 1, true)), queue(task('fast', 1))]);
    expect(order).toEqual(['slow', 'fails', 'fast']);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
  });
});

describe('frontmatter and slugs', () => {
  it('quotes only what YAML could misread, and reads it back', () => {
    expect(yamlScalar('plain words')).toBe('plain words');
    expect(yamlScalar("it's fine")).toBe("it's fine");
    for (const tricky of ['a: b', 'yes', '123', '1e3', '2025-01-01', '#x', "'quoted", '- item', '', ' lead', 'x\ny', '[a]', 'a #b']) {
      expect(yamlScalar(tricky)).toBe(JSON.stringify(tricky));
    }
    const text = renderFrontmatter({ title: 'Q3: plan', tags: ['a b', 'yes'], when: '2025-01-01' }) + '\nBody\n';
    expect(text).toBe('---\ntitle: "Q3: plan"\ntags: [a b, "yes"]\nwhen: "2025-01-01"\n---\n\nBody\n');
    expect(parseMarkdown(text)).toEqual({ data: { title: 'Q3: plan', tags: ['a b', 'yes'], when: '2025-01-01' }, hasFrontmatter: true, body: 'Body\n' });
  });

  it('reads block lists, literal blocks and files without frontmatter', () => {
    const parsed = parseMarkdown('\uFEFF---\r\ntags:\r\n  - one\r\n  - "two"\r\nnote: |\r\n  line 1\r\n  line 2\r\n---\r\n# Title\r\n');
    expect(parsed.data).toEqual({ tags: ['one', 'two'], note: 'line 1\nline 2\n' });
    expect(parsed.body).toBe('# Title\n');
    expect(parseMarkdown('# Just markdown\n---\n')).toEqual({ data: {}, hasFrontmatter: false, body: '# Just markdown\n---\n' });
  });

  it('makes file-safe slugs from any text', () => {
    expect(slugify('Crème brûlée: Q3 — Plan!')).toBe('creme-brulee-q3-plan');
    expect(slugify('../../etc/passwd')).toBe('etc-passwd');
    expect(slugify('日本語')).toBe('');
    expect(slugify('a'.repeat(10) + ' ' + 'b'.repeat(10), 12)).toBe('aaaaaaaaaa-b');
  });
});

describe('servers and tools', () => {
  async function connect() {
    const server = createServer(
      {
        name: 'demo',
        version: '1.0.0',
        setup: () => ({ greeting: 'Hello' }),
        tools: (ctx) => [
          defineTool({
            name: 'greet',
            title: 'Greet',
            description: 'Greets someone.',
            input: { who: z.string().min(1) },
            readOnly: true,
            run: ({ who }) => (who === 'nobody' ? Promise.reject(new ToolError('Nobody to greet.')) : jsonResult({ text: `${ctx.greeting}, ${who}` })),
          }),
          defineTool({
            name: 'crash',
            title: 'Crash',
            description: 'Throws a bug.',
            input: {},
            run: () => {
              throw new TypeError('x is undefined');
            },
          }),
          defineTool({ name: 'plain', title: 'Plain', description: 'Text.', input: {}, run: () => textResult('ok') }),
        ],
      },
      { greeting: 'Hello' },
      (line) => logged.push(line),
    );
    const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
    await server.connect(serverSide);
    const client = new Client({ name: 'kit-test', version: '1.0.0' });
    await client.connect(clientSide);
    return client;
  }
  const logged: string[] = [];

  it('registers tools with strict schemas and annotations', async () => {
    const client = await connect();
    const { tools } = await client.listTools();
    expect(tools.map((tool) => tool.name)).toEqual(['greet', 'crash', 'plain']);
    expect(tools[0]?.inputSchema).toMatchObject({ required: ['who'], additionalProperties: false });
    expect(tools[0]?.annotations).toEqual({ readOnlyHint: true, openWorldHint: false });
    await client.close();
  });

  it('turns thrown errors into tool errors: caller errors as written, bugs with a prefix and a log line', async () => {
    const client = await connect();
    expect(await client.callTool({ name: 'greet', arguments: { who: 'Ada' } })).toMatchObject({ structuredContent: { text: 'Hello, Ada' } });
    expect(await client.callTool({ name: 'greet', arguments: { who: 'nobody' } })).toEqual({ isError: true, content: [{ type: 'text', text: 'Nobody to greet.' }] });
    const crash = await client.callTool({ name: 'crash', arguments: {} });
    expect(crash).toEqual({ isError: true, content: [{ type: 'text', text: 'crash failed unexpectedly: x is undefined' }] });
    expect(logged.some((line) => line.startsWith('crash: TypeError: x is undefined'))).toBe(true);
    const extra = await client.callTool({ name: 'greet', arguments: { who: 'Ada', loud: true } });
    expect(extra.isError).toBe(true);
    const missing = await client.callTool({ name: 'greet', arguments: {} });
    expect(missing.isError).toBe(true);
    expect((await client.callTool({ name: 'plain', arguments: {} })).content).toEqual([{ type: 'text', text: 'ok' }]);
    await client.close();
  });

  it('refuses a tool name defined twice', () => {
    const tool = defineTool({ name: 'x', title: 'X', description: 'x', input: {}, run: () => textResult('') });
    expect(() => createServer({ name: 'dup', version: '1', setup: () => null, tools: () => [tool, tool] }, null)).toThrow('defined twice');
    expect(existsSync(tmp.dir)).toBe(true);
  });
});
