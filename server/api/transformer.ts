/**
 * The tRPC data transformer, shared by the server and the browser client: superjson (dates and the like),
 * with the keys superjson refuses kept as data. Step outputs, run inputs and events are a user's JSON, so
 * `{"__proto__": {…}}` is ordinary data here; superjson throws on `__proto__`, `constructor` and
 * `prototype` anywhere in a value, which made every read of such a run answer 500. On the wire those keys
 * (and any key of the form `~…` + one of them) gain one leading `~`; reading removes it again and defines
 * the key as an own property, never through the `__proto__` setter.
 */
import superjson from 'superjson';
import type { SuperJSONResult } from 'superjson';

const RESERVED = /^~*(?:__proto__|constructor|prototype)$/;
const ESCAPED = /^~+(?:__proto__|constructor|prototype)$/;

type Rename = (key: string) => string | undefined;

const escapeKey: Rename = (key) => (RESERVED.test(key) ? `~${key}` : undefined);
const unescapeKey: Rename = (key) => (ESCAPED.test(key) ? key.slice(1) : undefined);

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/**
 * `value` with keys renamed by `rename`, copying only the objects and arrays on the way to a renamed key:
 * a response without such keys goes out as the same object. Only plain objects and arrays are walked
 * (dates and other values superjson knows stay as they are); `ancestors` stops at a cycle, which
 * superjson then handles as it always did.
 */
function renameKeys(value: unknown, rename: Rename, ancestors: Set<object>): unknown {
  if (Array.isArray(value)) {
    if (ancestors.has(value)) return value;
    ancestors.add(value);
    let copy: unknown[] | undefined;
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      const renamed = renameKeys(item, rename, ancestors);
      if (renamed !== item) (copy ??= value.slice())[i] = renamed;
    }
    ancestors.delete(value);
    return copy ?? value;
  }
  if (!isPlainObject(value) || ancestors.has(value)) return value;
  ancestors.add(value);
  let changed = false;
  const entries: Array<[string, unknown]> = [];
  for (const key of Object.keys(value)) {
    const item = value[key];
    const renamedKey = rename(key);
    const renamed = renameKeys(item, rename, ancestors);
    if (renamedKey !== undefined || renamed !== item) changed = true;
    entries.push([renamedKey ?? key, renamed]);
  }
  ancestors.delete(value);
  if (!changed) return value;
  const copy: Record<string, unknown> = {};
  // defineProperty: an own data property even for `__proto__`, where `copy[key] = …` would set the prototype.
  for (const [key, item] of entries) Object.defineProperty(copy, key, { value: item, enumerable: true, writable: true, configurable: true });
  return copy;
}

export function serializeData(value: unknown): SuperJSONResult {
  return superjson.serialize(renameKeys(value, escapeKey, new Set()) as Parameters<typeof superjson.serialize>[0]);
}

/**
 * In place: the payload was just parsed from the wire and is ours. superjson's own copy would assign a
 * raw `__proto__` key (sent by something other than our client) through the setter and lose it.
 */
export function deserializeData(payload: unknown): unknown {
  return renameKeys(superjson.deserialize(payload as SuperJSONResult, { inPlace: true }), unescapeKey, new Set());
}

export const dataTransformer = { serialize: serializeData, deserialize: deserializeData };
