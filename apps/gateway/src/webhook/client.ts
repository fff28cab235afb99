// Sending one signed message to a gateway, as a channel bridge would (smoke, tests, bench).
import { HEADER_SIGNATURE, HEADER_TIMESTAMP, signInbound } from './signing.js';

export interface SignedMessage {
  readonly id: string;
  readonly userId: string;
  readonly chatId: string;
  readonly threadId?: string;
  readonly workspaceId?: string;
  readonly text: string;
}

export interface SendOptions {
  /** Unix seconds; default now. */
  readonly timestamp?: number;
  /** Sign with this secret instead (a wrong one, in tests). */
  readonly secret?: string;
}

export async function sendSignedMessage(baseUrl: string, providerId: string, secret: string, message: SignedMessage, options: SendOptions = {}): Promise<{ status: number; body: unknown }> {
  const body = JSON.stringify(message);
  const timestamp = String(options.timestamp ?? Math.floor(Date.now() / 1000));
  const response = await fetch(`${baseUrl}/webhooks/${providerId}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', [HEADER_TIMESTAMP]: timestamp, [HEADER_SIGNATURE]: signInbound(options.secret ?? secret, timestamp, body) },
    body,
  });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text) as unknown;
  } catch {
    // not JSON; keep the text
  }
  return { status: response.status, body: parsed };
}
