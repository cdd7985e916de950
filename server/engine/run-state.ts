/**
 * The status state machines of runs and steps. The scheduler asks these tables before every
 * change, so an impossible transition (a cancelled step succeeding) is a loud bug, not silent data.
 */
import { z } from 'zod';
import { AppError } from '@/server/errors';

export const RUN_STATUSES = ['QUEUED', 'RUNNING', 'WAITING', 'SUCCEEDED', 'FAILED', 'CANCELLED'] as const;
export const runStatusSchema = z.enum(RUN_STATUSES);
export type RunStatus = z.infer<typeof runStatusSchema>;

export const STEP_STATUSES = [
  'PENDING',
  'QUEUED',
  'RUNNING',
  'RETRYING',
  'WAITING',
  'SUCCEEDED',
  'FAILED',
  'SKIPPED',
  'CANCELLED',
] as const;
export const stepStatusSchema = z.enum(STEP_STATUSES);
export type StepStatus = z.infer<typeof stepStatusSchema>;

const RUN_TRANSITIONS: Readonly<Record<RunStatus, readonly RunStatus[]>> = {
  QUEUED: ['RUNNING', 'FAILED', 'CANCELLED'],
  // RUNNING → RUNNING is a resume after a restart.
  RUNNING: ['RUNNING', 'WAITING', 'SUCCEEDED', 'FAILED', 'CANCELLED'],
  WAITING: ['RUNNING', 'FAILED', 'CANCELLED'],
  SUCCEEDED: [],
  FAILED: [],
  CANCELLED: [],
};

const STEP_TRANSITIONS: Readonly<Record<StepStatus, readonly StepStatus[]>> = {
  PENDING: ['QUEUED', 'RUNNING', 'SKIPPED', 'CANCELLED'],
  QUEUED: ['RUNNING', 'CANCELLED'],
  // RUNNING → RUNNING is a new attempt marked "resumed" after a restart interrupted the previous one.
  RUNNING: ['RUNNING', 'SUCCEEDED', 'FAILED', 'RETRYING', 'WAITING', 'CANCELLED'],
  RETRYING: ['RUNNING', 'CANCELLED'],
  WAITING: ['SUCCEEDED', 'FAILED', 'CANCELLED'],
  SUCCEEDED: [],
  FAILED: [],
  SKIPPED: [],
  CANCELLED: [],
};

export function canRunMove(from: RunStatus, to: RunStatus): boolean {
  return RUN_TRANSITIONS[from].includes(to);
}

export function canStepMove(from: StepStatus, to: StepStatus): boolean {
  return STEP_TRANSITIONS[from].includes(to);
}

export function assertRunMove(runId: string, from: RunStatus, to: RunStatus): void {
  if (!canRunMove(from, to)) {
    throw new AppError('INVALID_TRANSITION', `Run "${runId}" cannot move from ${from} to ${to}`);
  }
}

export function assertStepMove(nodeId: string, from: StepStatus, to: StepStatus): void {
  if (!canStepMove(from, to)) {
    throw new AppError('INVALID_TRANSITION', `Step "${nodeId}" cannot move from ${from} to ${to}`);
  }
}

export function isRunFinished(status: RunStatus): boolean {
  return RUN_TRANSITIONS[status].length === 0;
}

/** Finished steps never run again, not even after a restart. */
export function isStepFinished(status: StepStatus): boolean {
  return STEP_TRANSITIONS[status].length === 0;
}
