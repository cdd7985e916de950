import { hash, verify } from '@node-rs/argon2';
import { plainText } from '@/server/plain-text';

const COMMON = new Set(['password', 'password1', 'password123', '1234567890', 'qwertyuiop', 'letmein123', 'iloveyou12']);

/** A password a person can remember and an attacker cannot guess from a list. */
export const passwordSchema = plainText()
  .min(10, 'Password must be at least 10 characters')
  .max(200, 'Password must be at most 200 characters')
  .refine((p) => !COMMON.has(p.toLowerCase()), 'This password is too common; choose another')
  .refine((p) => new Set(p).size >= 5, 'Password must use at least 5 different characters');

export function hashPassword(password: string): Promise<string> {
  return hash(password);
}

// A real hash to verify against when the email is unknown, so both paths take the same time.
const DUMMY_HASH = '$argon2id$v=19$m=19456,t=2,p=1$rg/7Oqgiai40L3Icem/Jog$2hWoKF9oHtKDU9B49COL4kexolCGwHekn0mfLV65qS4';

export async function verifyPassword(storedHash: string | null | undefined, password: string): Promise<boolean> {
  try {
    const ok = await verify(storedHash ?? DUMMY_HASH, password);
    return storedHash ? ok : false;
  } catch {
    // A malformed stored hash verifies nothing; treat it as a wrong password rather than a crash.
    return false;
  }
}
