/**
 * `mastery`: runs another mastery of the same team as a child run (linked to this run and step), waits
 * for it and passes its output on. Cancelling this run, or this step's timeout, cancels the child.
 */
import { z } from 'zod';
import { defineNodeType, done, passThrough } from '@/server/engine/node-type';
import { childMasteryFields, runChild } from './child-run';

export const masteryNode = defineNodeType({
  type: 'mastery',
  title: 'Sub-mastery',
  category: 'flow',
  description: 'Runs another mastery of the team as a child run and returns its result.',
  icon: 'workflow',
  configSchema: z.strictObject({
    ...childMasteryFields,
    input: z
      .unknown()
      .optional()
      .meta({
        title: 'Input',
        description: 'The child run\'s input; `{{ }}` templates allowed. Empty: what flows into this step (null when several steps flow in: merge them first).',
        examples: ['{{ { "region": input.region } }}'],
      }),
  }),
  outputs: ['out'],
  passesInput: { unlessSet: 'input' },
  async execute(ctx) {
    const { masteryId, versionId, maxDepth, input } = ctx.config;
    const childInput = input === undefined ? passThrough(ctx.inputs) : input;
    const spec = { parentStep: ctx.nodeId, masteryId, maxDepth, input: childInput };
    return done(await runChild(ctx, versionId === undefined ? spec : { ...spec, versionId }, ctx.signal));
  },
});
