/**
 * A JSON value as a tree people can read: objects and arrays fold (the first levels open), strings wrap
 * instead of running off in one line, and each value's kind has its own colour. Small enough to own: the
 * maintained viewers either bring their own styling system or render every node eagerly.
 */
const OPEN_DEPTH = 2;
const LONG_LIST = 200;

export function JsonTree({ value, label }: { value: unknown; label: string }) {
  return (
    <div role="group" aria-label={label} className="rounded-md border border-zinc-200 bg-white p-2 font-mono text-xs leading-5 text-zinc-800">
      <JsonNode name={null} value={value} depth={0} />
    </div>
  );
}

function JsonNode({ name, value, depth }: { name: string | null; value: unknown; depth: number }) {
  const key = name === null ? null : <span className="text-zinc-500">{name}: </span>;
  if (value === null || typeof value !== 'object') {
    return (
      <div className="break-words whitespace-pre-wrap">
        {key}
        <Primitive value={value} />
      </div>
    );
  }
  const entries: Array<[string, unknown]> = Array.isArray(value) ? value.map((item, index) => [String(index), item]) : Object.entries(value);
  const summary = Array.isArray(value) ? `[${entries.length} item${entries.length === 1 ? '' : 's'}]` : `{${entries.length} key${entries.length === 1 ? '' : 's'}}`;
  if (entries.length === 0) {
    return (
      <div>
        {key}
        <span className="text-zinc-500">{Array.isArray(value) ? '[]' : '{}'}</span>
      </div>
    );
  }
  return (
    <details open={depth < OPEN_DEPTH}>
      <summary className="cursor-pointer rounded marker:text-zinc-400 hover:bg-zinc-50">
        {key}
        <span className="text-zinc-500">{summary}</span>
      </summary>
      <div className="ml-2 border-l border-zinc-200 pl-3">
        {entries.slice(0, LONG_LIST).map(([childName, child]) => (
          <JsonNode key={childName} name={childName} value={child} depth={depth + 1} />
        ))}
        {entries.length > LONG_LIST && <div className="text-zinc-500">… {entries.length - LONG_LIST} more</div>}
      </div>
    </details>
  );
}

function Primitive({ value }: { value: unknown }) {
  if (typeof value === 'string') return <span className="text-success-700">&quot;{value}&quot;</span>;
  if (typeof value === 'number') return <span className="text-accent-700">{value}</span>;
  if (typeof value === 'boolean') return <span className="text-warning-700">{String(value)}</span>;
  return <span className="text-zinc-500">{value === undefined ? 'undefined' : 'null'}</span>;
}
