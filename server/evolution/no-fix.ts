/** Why no strategy was even tried on a failure, as the person who asked reads it. */
import { nodeRef } from './node-ref';
import type { Failure } from './failure';

/** Failures that record what a person (or their deadline) decided: nothing in the graph went wrong. */
export function isDecision(failure: Failure): boolean {
  return failure.error.code === 'APPROVAL_REJECTED';
}

export function whyNoStrategy(failure: Failure, hasModel: boolean): string {
  const step = failure.node === undefined ? 'the approval step' : `the approval step ${nodeRef(failure.node)}`;
  if (isDecision(failure) && failure.error.message.includes('no decision in time')) {
    return `Nobody decided ${step} before its timeout, so it counted as rejected. That is a decision left open, not a fault to fix: give the approval a longer timeout, or decide sooner.`;
  }
  if (isDecision(failure)) {
    return `A person rejected ${step} (${failure.error.message}). That is a decision, not a fault to fix: re-run it if the decision should go the other way, or change the graph yourself.`;
  }
  return `None of the built-in fixes applies to a ${failure.error.code} failure${hasModel ? '' : ', and no model is configured to write a change of its own'}.`;
}
