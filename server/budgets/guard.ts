/**
 * The LLM port with budgets around it: every call is checked first, whichever node type makes it, and the
 * limits its usage took past 80 % or 100 % come back with the answer, to be recorded as run events.
 */
import type { PrismaClient } from '@/server/generated/prisma/client';
import type { LlmPort } from '@/server/engine/llm-port';
import { recordCrossings } from './alerts';
import { assertRunMaySpend } from './enforce';

export function withBudgetGuard(db: PrismaClient, port: LlmPort, now: () => Date = () => new Date()): LlmPort {
  return {
    async complete(request) {
      const spends = await assertRunMaySpend(db, request.runId, now());
      const response = await port.complete(request);
      const call = { costUsd: response.costUsd, tokens: response.tokensIn + response.tokensOut };
      const alerts = await recordCrossings(db, request.runId, spends, call);
      return alerts.length === 0 ? response : { ...response, budgetAlerts: alerts };
    },
  };
}
