// What a chat's answers produced: files the agent wrote or edited, and charts the bundled
// charts server rendered.

import type { JsonSchema } from '../contract.js';
import { boolean, integer, object, oneOfStrings, ref, text } from './build.js';

export const ARTIFACT_DEFS = {
  Artifact: object(
    'One thing an answer of the session produced. A file written and later edited is listed once, as its last change.',
    {
      id: text('Stable within the session: "file:<path>" or "chart:<chart id>".'),
      kind: oneOfStrings(['file', 'chart'], 'A file in the workspace, or a rendered chart.'),
      name: text('What to call it: the file\'s name, or the chart\'s title (its id when untitled).'),
      path: text('file: the path relative to the workspace folder, "/" separated (absolute when the tool wrote outside the folder; such files cannot be opened). chart: the chart id.'),
      action: oneOfStrings(['written', 'edited', 'rendered'], 'What the last tool call did to it.'),
      tool: text('The tool that produced it (write, edit, charts_render, …).'),
      messageId: ref('MessageId', 'The answer (assistant message) that last produced it.'),
      prompt: text('The start of the prompt that answer replied to.'),
      changes: integer('How many tool calls of the session produced it.', { minimum: 1 }),
      at: ref('Timestamp', 'When the last of those calls finished.'),
    },
    ['id', 'kind', 'name', 'path', 'action', 'tool', 'messageId', 'prompt', 'changes', 'at'],
  ),
  ArtifactContent: object(
    'An artifact\'s content, read-only.',
    {
      id: text('The artifact.'),
      kind: oneOfStrings(['file', 'chart'], 'A file or a chart.'),
      mime: text('Its media type (text/plain for text files, image/svg+xml for charts).'),
      text: text('The content as text (a chart\'s sanitized SVG); empty for a binary file.'),
      bytes: integer('The size on disk.', { minimum: 0 }),
      truncated: boolean('True when only the first part of a large file is returned.'),
      binary: boolean('True for a file that is not text (its content is not returned).'),
    },
    ['id', 'kind', 'mime', 'text', 'bytes', 'truncated', 'binary'],
  ),
} as const satisfies Record<string, JsonSchema>;
