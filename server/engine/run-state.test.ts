import { describe, expect, it } from 'vitest';
import { assertRunMove, assertStepMove, canRunMove, canStepMove, isRunFinished, isStepFinished, RUN_STATUSES, STEP_STATUSES } from './run-state';

describe('run state machine', () => {
  it('lets a run go QUEUED → RUNNING ⇄ WAITING → SUCCEEDED', () => {
    expect([canRunMove('QUEUED', 'RUNNING'), canRunMove('RUNNING', 'WAITING'), canRunMove('WAITING', 'RUNNING'), canRunMove('RUNNING', 'SUCCEEDED')]).toEqual([true, true, true, true]);
  });

  it('never moves a finished run', () => {
    for (const from of ['SUCCEEDED', 'FAILED', 'CANCELLED'] as const) {
      expect(isRunFinished(from)).toBe(true);
      for (const to of RUN_STATUSES) expect(canRunMove(from, to)).toBe(false);
    }
  });

  it('throws INVALID_TRANSITION naming the run and both statuses', () => {
    expect(() => assertRunMove('run_1', 'SUCCEEDED', 'RUNNING')).toThrow(expect.objectContaining({ code: 'INVALID_TRANSITION', message: 'Run "run_1" cannot move from SUCCEEDED to RUNNING' }));
    expect(() => assertRunMove('run_1', 'QUEUED', 'WAITING')).toThrow('cannot move from QUEUED to WAITING');
  });
});

describe('step state machine', () => {
  it('allows the paths the scheduler takes', () => {
    const paths: Array<[typeof STEP_STATUSES[number], typeof STEP_STATUSES[number]]> = [
      ['PENDING', 'QUEUED'], ['QUEUED', 'RUNNING'], ['PENDING', 'RUNNING'], ['RUNNING', 'RETRYING'], ['RETRYING', 'RUNNING'],
      ['RUNNING', 'WAITING'], ['WAITING', 'SUCCEEDED'], ['RUNNING', 'RUNNING'], ['PENDING', 'SKIPPED'], ['RETRYING', 'CANCELLED'],
    ];
    for (const [from, to] of paths) expect(canStepMove(from, to)).toBe(true);
  });

  it('refuses a cancelled step succeeding, a skipped one running, a pending one finishing without running', () => {
    expect(canStepMove('CANCELLED', 'SUCCEEDED')).toBe(false);
    expect(canStepMove('SKIPPED', 'RUNNING')).toBe(false);
    expect(canStepMove('PENDING', 'SUCCEEDED')).toBe(false);
    expect(() => assertStepMove('a', 'SUCCEEDED', 'RUNNING')).toThrow('Step "a" cannot move from SUCCEEDED to RUNNING');
  });

  it('counts exactly SUCCEEDED, FAILED, SKIPPED and CANCELLED as finished', () => {
    expect(STEP_STATUSES.filter(isStepFinished)).toEqual(['SUCCEEDED', 'FAILED', 'SKIPPED', 'CANCELLED']);
  });
});
