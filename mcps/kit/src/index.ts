// @open-cowork/mcp-kit: what every bundled MCP server shares. esbuild bundles it into each
// server's dist/index.js; it is never loaded on its own.

export { EnvError, ToolError, messageOf } from './errors.js';
export { absoluteDirFromEnv, absolutePath, ensureDirectory, optionalEnv, requireEnv, type DirOptions, type Env } from './env.js';
export { isInside, serialQueue, writeFileAtomic } from './fs.js';
export { parseMarkdown, renderFrontmatter, yamlScalar, type Frontmatter, type FrontmatterValue, type ParsedMarkdown } from './frontmatter.js';
export { SLUG_PATTERN, isSlug, slugify } from './slug.js';
export {
  createServer,
  defineTool,
  errorResult,
  jsonResult,
  runStdioServer,
  textResult,
  type Content,
  type ServerSpec,
  type Tool,
  type ToolResult,
  type ToolSpec,
} from './server.js';
export { z } from 'zod';
