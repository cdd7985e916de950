/** Executes step jobs in this process: the default, tests and benchmarks. */
import type { Dispatcher, StepHooks, StepJob, StepOutcome } from './ports';
import type { StepExecutorDeps } from './step-executor';
import { executeStep } from './step-executor';

export class InProcessDispatcher implements Dispatcher {
  readonly startsEffectFreeEarly = true;

  constructor(private readonly deps: StepExecutorDeps) {}

  dispatch(job: StepJob, hooks: StepHooks): Promise<StepOutcome> {
    return executeStep(job, hooks, this.deps);
  }
}
