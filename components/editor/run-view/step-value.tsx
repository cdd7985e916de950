import { isOmittedOutput } from '@/server/runs/omitted-output';
import { JsonTree } from './json-tree';
import { MarkdownText } from './markdown-text';

/**
 * A step's input or output as a person reads it: a model's text as Markdown, other text wrapped as written,
 * structured values as a tree.
 */
export function StepValue({ value, label, isModelText }: { value: unknown; label: string; isModelText: boolean }) {
  if (isOmittedOutput(value)) {
    // A read capped by bytes left it out; the step's own view (runs.step) has it in full.
    return (
      <p role="group" aria-label={label} className="rounded-md border border-dashed border-zinc-300 px-3 py-2 text-sm text-zinc-600">
        Output too large to show here ({megabytes(value.bytes)}) — open the step
      </p>
    );
  }
  if (typeof value === 'string') {
    if (isModelText) return <MarkdownText text={value} label={label} />;
    return (
      <p role="group" aria-label={label} className="rounded-md border border-zinc-200 bg-white px-3 py-2 text-sm break-words whitespace-pre-wrap text-zinc-800">
        {value}
      </p>
    );
  }
  return <JsonTree value={value} label={label} />;
}

const megabytes = (bytes: number): string => `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
