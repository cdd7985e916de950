/**
 * Where queue mode keeps things in Redis: the BullMQ queue of step attempts and the pub/sub channels,
 * all under one prefix so that several installations (or test runs) can share a Redis server.
 */
import { createHash } from 'node:crypto';

export interface QueueNames {
  /** BullMQ key prefix and queue name. */
  prefix: string;
  queue: string;
  /** Workers announce an attempt's outcome here (also stored in StepDispatch first). */
  outcomes: string;
  /** The engine stopped waiting for an attempt (cancel, timeout): its worker aborts it. */
  aborts: string;
  /** Run events, one channel for all runs (each message names its run). */
  events: string;
}

export function queueNames(prefix = 'ms'): QueueNames {
  return { prefix, queue: 'steps', outcomes: `${prefix}:step-outcomes`, aborts: `${prefix}:step-aborts`, events: `${prefix}:run-events` };
}

/** Names one attempt everywhere: database key, queue job, messages. */
export interface AttemptKey {
  runId: string;
  nodeId: string;
  attempt: number;
}

export const keyText = (key: AttemptKey): string => `${key.runId}:${key.nodeId}:${key.attempt}`;

/** BullMQ refuses custom job ids with a colon; a digest of the key is stable and short. */
export const jobIdOf = (key: AttemptKey): string => `s${createHash('sha1').update(keyText(key)).digest('base64url')}`;
