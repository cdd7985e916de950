/**
 * The engine of a process in queue mode: it drives a run only while it holds the run's lease
 * (run-drivers.ts), and sends cancels and decisions for a run another process drives to that process
 * (run-commands.ts). Everything else is the engine's own.
 */
import type { Engine } from '@/server/engine/engine';
import { isRunFinished } from '@/server/engine/run-state';
import { AppError } from '@/server/errors';
import type { RunId } from '@/server/engine/graph';
import type { RunCommand, RunCommands } from './run-commands';
import type { RunDrivers } from './run-drivers';

export function drivenEngine(engine: Engine, drivers: RunDrivers, commands: RunCommands): Engine {
  /** Applies a command here when this process drives the run or may take it; else on its driver. */
  async function command(runId: RunId, local: () => Promise<void>, remote: RunCommand): Promise<void> {
    for (let tries = 0; tries < 3; tries += 1) {
      if (engine.isActive(runId) || (await drivers.claim(runId))) return local();
      const driverId = await drivers.driverOf(runId);
      if (driverId !== undefined) return commands.send(driverId, runId, remote);
      // Nobody drives it: it has finished (the engine says what applies to a finished run, changing
      // nothing), or its lease ran out between the two reads and the next claim takes it.
      if (isRunFinished((await engine.untilAtRest(runId)).status)) return local();
    }
    throw new AppError('CONFLICT', `Run "${runId}" changed hands while this request was applied; try again`);
  }

  return {
    ...engine,
    async start(runId) {
      // Another process holds the run (it started it, or took it over): that one drives it.
      if (await drivers.claim(runId)) await engine.start(runId);
    },
    async recover() {
      const ids = await drivers.takeOver();
      const outcomes = await Promise.allSettled(ids.map((id) => engine.start(id)));
      return ids.filter((_, i) => outcomes[i]?.status === 'fulfilled');
    },
    cancel: (runId, reason = 'cancelled by a person') => command(runId, () => engine.cancel(runId, reason), { op: 'cancel', reason }),
    resolveWaiting: (runId, nodeId, decision) =>
      command(runId, () => engine.resolveWaiting(runId, nodeId, decision), { op: 'resolveWaiting', nodeId: String(nodeId), decision }),
  };
}
