/** tRPC inputs of the agents API: strict objects, so ids, team ids and versions cannot be smuggled in. */
import { z } from 'zod';
import { idSchema } from '@/server/teams/schemas';
import { plainText } from '@/server/plain-text';

const traitValue = z.union([plainText().max(500), z.number(), z.boolean()]);

/** The editable traits of an agent; every change to them becomes a new AgentVersion. */
const fields = {
  name: plainText().trim().min(1, 'Enter a name').max(80, 'Name must be at most 80 characters'),
  specialty: plainText().trim().max(500),
  capabilities: z.array(plainText().trim().min(1).max(50)).max(30),
  systemPrompt: plainText().max(20_000),
  model: plainText().trim().min(1, 'Enter a model').max(200),
  temperature: z.number().min(0).max(2),
  topP: z.number().gt(0, 'Top P must be above 0').max(1, 'Top P must be at most 1').nullable(),
  maxTokens: z.number().int('Max tokens must be a whole number').min(1, 'Max tokens must be at least 1').max(200_000, 'Max tokens must be at most 200,000').nullable(),
  // Free-form traits the genome will tune later: flat and small, so they stay reviewable.
  traits: z.record(plainText().min(1).max(50), traitValue).refine((t) => Object.keys(t).length <= 30, 'At most 30 traits'),
};

export const agentFieldsSchema = z.strictObject({
  ...fields,
  specialty: fields.specialty.default(''),
  capabilities: fields.capabilities.default([]),
  systemPrompt: fields.systemPrompt.default(''),
  temperature: fields.temperature.default(0.7),
  topP: fields.topP.default(null),
  maxTokens: fields.maxTokens.default(null),
  traits: fields.traits.default({}),
});

export const listAgentsSchema = z.strictObject({ includeArchived: z.boolean().default(false) }).default({ includeArchived: false });
export const agentIdSchema = z.strictObject({ id: idSchema });
export const createAgentSchema = agentFieldsSchema;
/** A patch: fields left out keep their value. */
export const updateAgentSchema = z.strictObject({
  id: idSchema,
  // No defaults here: a field left out keeps its value instead of being reset.
  changes: z
    .strictObject(fields)
    .partial()
    .refine((c) => Object.keys(c).length > 0, 'Change at least one field'),
});
