import { AppError, type AppErrorCode } from '@/server/errors';

export type SandboxErrorCode = Extract<AppErrorCode, 'CODE_FAILED' | 'SANDBOX_TIMEOUT' | 'SANDBOX_MEMORY'>;

/** A script that threw, ran too long or allocated too much. Never retryable: the same code would do it again. */
export class SandboxError extends AppError {
  constructor(code: SandboxErrorCode, message: string) {
    super(code, message);
  }
}
