import type { UpdateReason } from '@open-cowork/contracts';

/**
 * Why resolving or reading a feed failed, as a status reason. The message is for the host's
 * log and never carries a credential, a signed URL or a bucket path.
 */
export class UpdateFailure extends Error {
  constructor(
    readonly reason: UpdateReason,
    message: string,
  ) {
    super(message);
    this.name = 'UpdateFailure';
  }
}
