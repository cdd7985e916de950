/**
 * Whether a value is plain JSON, which is all a run input, a test input or a graph may be. The wire
 * format (superjson) can carry a BigInt, a Date, a Map, NaN, …: JSON.stringify would then throw (a 500)
 * or silently change the value (a Map becomes `{}`, NaN `null`). Walked with its own stack, never by
 * recursion, like json-limits.ts.
 */

/** The first value that is not plain JSON: its path (empty for the value itself) and what it is. */
export interface NonJson {
  path: Array<string | number>;
  what: string;
}

export interface JsonWalkOptions {
  /**
   * Also refuse a NUL character or a lone surrogate in a string or a key: for JSON kept in a `jsonb`
   * column (graphs), which cannot hold either.
   */
  refuseUnstorableText?: boolean;
}

const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** What in `text` a text or `jsonb` column cannot hold (a NUL, a lone surrogate), or undefined. */
export function unstorableText(text: string): { what: string; index: number } | undefined {
  const found = UNSTORABLE.exec(text);
  if (found === null) return undefined;
  const what = found[0] === '\u0000' ? 'a NUL character (\\u0000)' : `a lone surrogate (\\u${found[0].charCodeAt(0).toString(16)})`;
  return { what, index: found.index };
}

function unstorable(text: string): string | undefined {
  return unstorableText(text)?.what;
}

function kindOf(value: unknown): string | undefined {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return undefined;
    case 'number':
      return Number.isFinite(value) ? undefined : `${String(value)}, which JSON cannot hold`;
    case 'bigint':
      return 'a BigInt, which JSON cannot hold (send it as a string or a number)';
    case 'object': {
      if (value === null || Array.isArray(value)) return undefined;
      const proto: unknown = Object.getPrototypeOf(value);
      if (proto === Object.prototype || proto === null) return undefined;
      const name = (value as { constructor?: { name?: unknown } }).constructor?.name;
      return `a ${typeof name === 'string' && name !== '' ? name : 'non-plain object'}, which JSON cannot hold`;
    }
    default:
      return `${typeof value === 'undefined' ? 'undefined' : `a ${typeof value}`}, which JSON cannot hold`;
  }
}

/** One value still to visit; its path is rebuilt from the parent chain only when it is reported. */
interface Frame {
  value: unknown;
  key: string | number;
  parent: Frame | undefined;
}

function pathOf(frame: Frame): Array<string | number> {
  const keys: Array<string | number> = [];
  for (let at: Frame | undefined = frame; at?.parent !== undefined; at = at.parent) keys.push(at.key);
  return keys.reverse();
}

/** The first part of `value` that is not plain JSON (or holds text a `jsonb` column cannot), if any. */
export function nonJsonPart(value: unknown, options: JsonWalkOptions = {}): NonJson | undefined {
  const stack: Frame[] = [{ value, key: '', parent: undefined }];
  while (stack.length > 0) {
    const frame = stack.pop() as Frame;
    const current = frame.value;
    const what = kindOf(current);
    if (what !== undefined) return { path: pathOf(frame), what };
    if (typeof current === 'string') {
      const bad = options.refuseUnstorableText === true ? unstorable(current) : undefined;
      if (bad !== undefined) return { path: pathOf(frame), what: `text holding ${bad}` };
    } else if (Array.isArray(current)) {
      for (let i = current.length - 1; i >= 0; i--) stack.push({ value: current[i], key: i, parent: frame });
    } else if (typeof current === 'object' && current !== null) {
      const fields = current as Record<string, unknown>;
      for (const key of Object.keys(fields)) {
        const bad = options.refuseUnstorableText === true ? unstorable(key) : undefined;
        if (bad !== undefined) return { path: pathOf({ value: undefined, key, parent: frame }), what: `a key holding ${bad}` };
        // An absent field, as JSON has it: `{ a: undefined }` is `{}`.
        if (fields[key] !== undefined) stack.push({ value: fields[key], key, parent: frame });
      }
    }
  }
  return undefined;
}
