// Syntax colours for code blocks that name their language. highlight.js (its common set of
// about 35 languages) is imported on first need, into its own chunk, so the eager bundle does
// not carry it and a chat without code never loads it. Blocks without a language, or with
// one highlight.js does not know, stay plain text: no guessing.
import type { HLJSApi } from 'highlight.js';

let loading: Promise<HLJSApi> | undefined;

function loadHighlighter(): Promise<HLJSApi> {
  loading ??= import('highlight.js/lib/common').then((module) => module.default);
  return loading;
}

const LANGUAGE = /(?:^|\s)language-([\w+-]+)/;

/** The language a `<code>` element of rendered markdown names, if any. */
export function codeLanguage(code: Element): string | undefined {
  return LANGUAGE.exec(code.className)?.[1];
}

/**
 * Colours the `pre > code` blocks under `root` that name a known language. The highlighted
 * HTML (highlight.js escapes the code itself) still goes through `sanitize`, as every HTML
 * the renderer inserts does.
 */
export async function highlightCodeBlocks(root: ParentNode, sanitize: (html: string) => string): Promise<void> {
  const pending = [...root.querySelectorAll<HTMLElement>('pre > code')].filter((code) => code.dataset['highlighted'] === undefined && codeLanguage(code) !== undefined);
  if (pending.length === 0) return;
  const hljs = await loadHighlighter();
  for (const code of pending) {
    const language = codeLanguage(code);
    // Re-rendered meanwhile (a streaming answer), or a language it does not know.
    if (!code.isConnected || code.dataset['highlighted'] !== undefined || language === undefined || hljs.getLanguage(language) === undefined) continue;
    const { value } = hljs.highlight(code.textContent ?? '', { language, ignoreIllegals: true });
    code.innerHTML = sanitize(value);
    code.classList.add('hljs');
    code.dataset['highlighted'] = language;
  }
}
