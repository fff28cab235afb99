// The gateway's error catalogue: stable codes that reach operators (CLI messages, doctor
// checks) and HTTP clients ({"error":{"code","message"}}). Never rename a code.
import { CodedError } from '@open-cowork/contracts';

export const GatewayErrorCode = {
  ConfigInvalid: 'GATEWAY_CONFIG_INVALID',
  StoreLocked: 'GATEWAY_STORE_LOCKED',
  StoreUnavailable: 'GATEWAY_STORE_UNAVAILABLE',
  MigrationFailed: 'GATEWAY_MIGRATION_FAILED',
  NotFound: 'GATEWAY_NOT_FOUND',
  BadRequest: 'GATEWAY_BAD_REQUEST',
  Unauthorized: 'GATEWAY_UNAUTHORIZED',
  Forbidden: 'GATEWAY_FORBIDDEN',
  RateLimited: 'GATEWAY_RATE_LIMITED',
  PayloadTooLarge: 'GATEWAY_PAYLOAD_TOO_LARGE',
  SignatureInvalid: 'GATEWAY_SIGNATURE_INVALID',
  TimestampSkew: 'GATEWAY_TIMESTAMP_SKEW',
  Replayed: 'GATEWAY_REPLAYED',
  UnknownProvider: 'GATEWAY_UNKNOWN_PROVIDER',
  RuntimeUnavailable: 'GATEWAY_RUNTIME_UNAVAILABLE',
  OpencodeUrlRefused: 'GATEWAY_OPENCODE_URL_REFUSED',
  JobState: 'GATEWAY_JOB_STATE',
  BackupInvalid: 'GATEWAY_BACKUP_INVALID',
  ApprovalClosed: 'GATEWAY_APPROVAL_CLOSED',
  CsrfRejected: 'GATEWAY_CSRF_REJECTED',
  PairingNotFound: 'GATEWAY_PAIRING_NOT_FOUND',
  Internal: 'GATEWAY_INTERNAL',
} as const;
export type GatewayErrorCode = (typeof GatewayErrorCode)[keyof typeof GatewayErrorCode];

export class GatewayError<Data = unknown> extends CodedError<GatewayErrorCode, Data> {
  constructor(code: GatewayErrorCode, message: string, data?: Data) {
    super(code, message, data);
    this.name = 'GatewayError';
  }
}

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
