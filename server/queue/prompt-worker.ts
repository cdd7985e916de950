/**
 * BullMQ's Worker, one Redis call lighter per job. With free slots, BullMQ asks Redis for another job
 * right after taking one; then, the queue found empty, it waits on the queue's marker, which the job it
 * took left set, so it asks once more at once. On a queue that is empty between steps (a chain: the next
 * step is enqueued once this one's outcome is stored) both asks find nothing, and they run while the web
 * process commits the step, on the same two cores. Here the first ask after a job is answered "empty"
 * without Redis: the worker goes straight to the marker, which still wakes it for any job waiting.
 */
import { Worker, type Job } from 'bullmq';

export class PromptWorker extends Worker {
  private hasJustTaken = false;

  protected override async moveToActive(token: string, name?: string): Promise<Job> {
    if (this.hasJustTaken) {
      this.hasJustTaken = false;
      return this.nextJobFromJobData(undefined, undefined, token); // BullMQ's own "empty": it waits on the marker next
    }
    const job = await super.moveToActive(token, name);
    this.hasJustTaken = job !== undefined;
    return job;
  }
}
