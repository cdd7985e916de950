/**
 * A StepJob as the queue carries it (plain JSON data of the BullMQ job), and read back by a worker. The
 * run scope keeps only the steps the node's raw expressions refer to: the rest is never read on the worker.
 */
import { z } from 'zod';
import type { NodeId, RunId } from '@/server/engine/graph';
import type { StepJob } from '@/server/engine/ports';

export function jobData(job: StepJob): StepJob {
  const steps: Record<string, { output: unknown }> = {};
  for (const id of job.referencedSteps) {
    const step = job.scope.steps[id];
    if (step !== undefined) steps[id] = step;
  }
  return { ...job, scope: { ...job.scope, steps } };
}

const jobDataSchema = z.object({
  runId: z.string().min(1),
  nodeId: z.string().min(1),
  nodeName: z.string(),
  nodeType: z.string(),
  attempt: z.number().int().positive(),
  isResumed: z.boolean(),
  idempotencyKey: z.string(),
  config: z.unknown(),
  inputs: z.record(z.string(), z.unknown()),
  scope: z.object({ input: z.unknown(), steps: z.record(z.string(), z.object({ output: z.unknown() })), run: z.object({ id: z.string() }) }),
  referencedSteps: z.array(z.string()),
});

/** A job's data as a worker received it (another process wrote it: checked, not trusted). */
export function parseJobData(raw: unknown): StepJob {
  const parsed = jobDataSchema.parse(raw);
  // No prototype, as the engine builds them: a step may be called `constructor`.
  const inputs: Record<string, unknown> = Object.assign(Object.create(null), parsed.inputs);
  const steps: Record<string, { output: unknown }> = Object.assign(Object.create(null), parsed.scope.steps);
  return {
    ...parsed,
    runId: parsed.runId as RunId,
    nodeId: parsed.nodeId as NodeId,
    inputs,
    scope: { ...parsed.scope, steps },
  };
}
