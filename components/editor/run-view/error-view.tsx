import { z } from 'zod';
import { nodeRef, withNodeNames } from '../state/node-names';
import { JsonTree } from './json-tree';

// What the engine stores as a step's or run's error (StepError, RunError); anything else shows as data.
const storedErrorSchema = z.looseObject({ code: z.string(), message: z.string(), retryable: z.boolean().optional() });
const HIDDEN_KEYS = new Set(['code', 'message', 'retryable', 'nodeId', 'attempt']);

/**
 * An error as a person reads it: the message (nodes named by their card names, given `names`), the step it
 * came from, its code, whether a retry may help, then any other details.
 */
export function ErrorView({ error, label, names }: { error: unknown; label: string; names?: ReadonlyMap<string, string> }) {
  const parsed = storedErrorSchema.safeParse(error);
  if (!parsed.success) return <JsonTree value={error} label={label} />;
  const { code, retryable } = parsed.data;
  const message = names ? withNodeNames(parsed.data.message, names) : parsed.data.message;
  const nodeId = typeof parsed.data.nodeId === 'string' ? parsed.data.nodeId : null;
  const details = Object.fromEntries(Object.entries(parsed.data).filter(([key]) => !HIDDEN_KEYS.has(key)));
  return (
    <div role="group" aria-label={label} className="flex flex-col gap-1.5 rounded-md border border-danger-600/30 bg-danger-50 px-3 py-2">
      <p className="text-sm break-words whitespace-pre-wrap text-danger-700">{message}</p>
      <p className="flex flex-wrap items-center gap-2 text-xs text-zinc-700">
        {nodeId !== null && names && <span>In step {nodeRef(nodeId, names)}</span>}
        <span>
          Code <code className="rounded bg-white px-1 font-mono text-danger-700">{code}</code>
        </span>
        {retryable !== undefined && <span>{retryable ? 'A retry may help' : 'A retry would fail alike'}</span>}
      </p>
      {Object.keys(details).length > 0 && <JsonTree value={details} label={`${label}: details`} />}
    </div>
  );
}
