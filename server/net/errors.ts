/**
 * Failures of outgoing requests. `retryable` says whether another attempt may help (a reset may, a refusal
 * will not). Messages never name the URL or host: those may be built from a secret (and the URL parser
 * lowercases a host, which redaction by matching text would miss). The caller names the request as written.
 */
import { AppError, type AppErrorCode } from '@/server/errors';

export type NetworkErrorCode = Extract<AppErrorCode, 'ADDRESS_REFUSED' | 'HTTP_NETWORK' | 'RESPONSE_TOO_LARGE' | 'BAD_INPUT'>;

export class NetworkError extends AppError {
  readonly retryable: boolean;

  constructor(code: NetworkErrorCode, message: string, options: { retryable: boolean; cause?: unknown }) {
    super(code, message, { cause: options.cause });
    this.retryable = options.retryable;
  }
}

/** A refused address, with the message also phrased without it (for a host built from a secret). */
export class AddressRefusedError extends NetworkError {
  readonly messageWithoutAddress: string;

  constructor(address: string, reason: string, hint: string) {
    super('ADDRESS_REFUSED', `refused to connect: ${address} is a ${reason} address${hint}`, { retryable: false });
    this.messageWithoutAddress = `refused to connect: the host is a ${reason} address${hint}`;
  }
}
