// The callback_data of an approval button: "a:<approval id>:<action id>", well within
// Telegram's 64 bytes. Anything else pressed is ignored.

const CALLBACK = /^a:([a-z0-9]{6,32}):([a-z0-9._-]{1,24})$/;

export function encodeCallback(approvalId: string, actionId: string): string {
  const data = `a:${approvalId}:${actionId}`;
  if (!CALLBACK.test(data)) throw new Error(`Cannot encode approval action "${actionId}" as callback data.`);
  return data;
}

export function decodeCallback(data: string): { readonly approvalId: string; readonly actionId: string } | undefined {
  const match = CALLBACK.exec(data);
  return match === null ? undefined : { approvalId: match[1]!, actionId: match[2]! };
}
