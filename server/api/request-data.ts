/**
 * How the server reads a procedure's input off the wire: the shared transformer, after a depth check.
 * JSON nested past the limit is refused with 400 before anything recursive touches it (the transformer,
 * zod, the engine), and a payload superjson cannot read is the sender's mistake, not a 500.
 */
import { TRPCError } from '@trpc/server';
import { MAX_JSON_DEPTH, tooDeepPath } from '@/server/engine/json-limits';
import { dataTransformer, deserializeData } from './transformer';

/**
 * Levels a request payload may have: the data limit plus room for tRPC's and superjson's envelope and
 * the procedure's own fields (`{ json: { graph: { nodes: [ { config: … } ] } } }`), so data within the
 * limit always reaches the procedure, whose schema names the field that nests too deep.
 */
export const MAX_WIRE_DEPTH = MAX_JSON_DEPTH + 16;

function readRequestData(payload: unknown): unknown {
  const tooDeep = tooDeepPath(payload, MAX_WIRE_DEPTH);
  if (tooDeep !== undefined) {
    throw new TRPCError({ code: 'BAD_REQUEST', message: `The request nests deeper than ${MAX_WIRE_DEPTH} levels (at ${tooDeep})` });
  }
  try {
    return deserializeData(payload);
  } catch (cause) {
    throw new TRPCError({ code: 'BAD_REQUEST', message: 'The request body is not valid tRPC data', cause });
  }
}

export const serverTransformer = {
  input: { serialize: dataTransformer.serialize, deserialize: readRequestData },
  output: dataTransformer,
};
