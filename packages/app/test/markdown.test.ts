import createDOMPurify from 'dompurify';
import { JSDOM } from 'jsdom';
import { describe, expect, it } from 'vitest';
import { createMarkdownRenderer } from '../src/lib/markdown.js';

const window = new JSDOM('').window;
const render = createMarkdownRenderer(createDOMPurify(window as unknown as Parameters<typeof createDOMPurify>[0]));

describe('markdown rendering', () => {
  it('renders GitHub-flavoured markdown with code blocks', () => {
    const html = render('# Title\n\n**bold** and `code`\n\n```ts\nconst x = 1 < 2;\n```\n\n| a | b |\n|---|---|\n| 1 | 2 |');
    expect(html).toContain('<h1>Title</h1>');
    expect(html).toContain('<strong>bold</strong>');
    expect(html).toContain('<pre><code class="language-ts">const x = 1 &lt; 2;\n</code></pre>');
    expect(html).toContain('<table>');
  });

  it('removes scripts, event handlers, styles, forms and frames', () => {
    const html = render(
      '<script>alert(1)</script><img src=x onerror="alert(2)"><p style="color:red" onclick="x()">hi</p><form><input></form><iframe src="https://e.example"></iframe><style>body{}</style><svg><script>1</script></svg>',
    );
    expect(html).not.toMatch(/<script|onerror|onclick|style|<form|<input|<iframe|<svg/i);
    expect(html).toContain('<p>hi</p>');
  });

  it('keeps http(s) and mailto links, opening them without an opener, and drops javascript: links', () => {
    const html = render('[ok](https://example.com) [mail](mailto:a@b.example) [bad](javascript:alert(1)) [data](data:text/html,<b>x</b>)');
    expect(html).toContain('<a href="https://example.com" target="_blank" rel="noopener noreferrer">ok</a>');
    expect(html).toContain('href="mailto:a@b.example"');
    expect(html).not.toContain('javascript:');
    expect(html).not.toContain('data:text/html');
  });

  it('drops remote images (the CSP allows data: images only) and keeps data: images', () => {
    const remote = render('![x](https://tracker.example/pixel.png)');
    expect(remote).not.toContain('<img');
    const inline = render('![dot](data:image/png;base64,iVBORw0KGgo=)');
    expect(inline).toContain('<img src="data:image/png;base64,iVBORw0KGgo="');
  });
});
