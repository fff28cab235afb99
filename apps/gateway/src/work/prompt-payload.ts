// What a prompt job carries: one admitted channel message. Its own module because admission
// writes it, the prompt job reads it, and the approvals it raises address the same chat.
export interface PromptPayload {
  readonly provider: string;
  readonly workspaceId: string;
  readonly chatId: string;
  readonly threadId: string;
  readonly userId: string;
  /** The inbound message: the webhook message id, or the Telegram message_id. */
  readonly messageId: string;
  readonly text: string;
}
