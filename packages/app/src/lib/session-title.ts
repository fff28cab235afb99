// What a chat is called on screen.

/**
 * OpenCode names a new session "New session - <ISO time>" (a sub-agent's "Child session - …")
 * until the title model has answered, and keeps that name when no title ever comes.
 */
const PLACEHOLDER = /^(new|child) session - \d{4}-\d{2}-\d{2}T[\d:.]+Z?$/i;

/** Whether `title` is OpenCode's placeholder (or empty) rather than a real title. */
export function isPlaceholderTitle(title: string): boolean {
  const trimmed = title.trim();
  return trimmed === '' || PLACEHOLDER.test(trimmed);
}

/** The title to show: the session's own, or `untitled` ("New chat") for a placeholder. */
export function shownTitle(title: string, untitled: string): string {
  return isPlaceholderTitle(title) ? untitled : title.trim();
}
