import { mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { acquireDataDirLock } from './data-dir-lock';

describe('embedded database folder lock', () => {
  it('refuses a second owner while the first lives, naming the holder', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'ms-lock-'));
    const other = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30000)']);
    try {
      writeFileSync(path.join(dir, 'mastery-studio.lock'), String(other.pid));
      expect(() => acquireDataDirLock(dir)).toThrow(`in use by process ${other.pid}`);
    } finally {
      other.kill();
    }
  });

  it('takes over a lock left by a dead process and removes it on release', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'ms-lock-'));
    const dead = spawn(process.execPath, ['-e', '0']);
    await new Promise((resolve) => dead.on('exit', resolve));
    const lock = path.join(dir, 'mastery-studio.lock');
    writeFileSync(lock, String(dead.pid));
    const release = acquireDataDirLock(dir);
    expect(readFileSync(lock, 'utf8')).toBe(String(process.pid));
    release();
    expect(existsSync(lock)).toBe(false);
  });
});
