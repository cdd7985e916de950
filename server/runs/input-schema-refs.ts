/**
 * `$ref` cycles in a JSON Schema. `z.fromJSONSchema` compiles a schema that refers back to itself, then
 * recurses without end when it checks an input, so such a schema is refused before it is saved or used.
 * Run inputs are forms of fields; a recursive schema is never needed to describe one.
 */
import { isPlainObject } from '@/server/engine/templates';

interface Frame {
  node: object;
  path: string;
  next: Array<{ node: object; path: string; isRef: boolean }>;
}

/** Where the first `$ref` that leads back into a schema holding it sits (a dotted path), or undefined. */
export function findRefCycle(schema: unknown): string | undefined {
  if (typeof schema !== 'object' || schema === null) return undefined;
  // Iterative, so a deeply nested schema cannot overflow the stack. A JSON value is a tree, so any cycle
  // found here goes through a `$ref`.
  const onPath = new Set<object>();
  const done = new Set<object>();
  const stack: Frame[] = [enter(schema, '', schema, onPath)];
  while (stack.length > 0) {
    const frame = stack[stack.length - 1];
    if (frame === undefined) break;
    const edge = frame.next.pop();
    if (edge === undefined) {
      onPath.delete(frame.node);
      done.add(frame.node);
      stack.pop();
      continue;
    }
    if (onPath.has(edge.node)) {
      if (edge.isRef) return edge.path;
      continue;
    }
    if (!done.has(edge.node)) stack.push(enter(edge.node, edge.path, schema, onPath));
  }
  return undefined;
}

function enter(node: object, path: string, root: object, onPath: Set<object>): Frame {
  onPath.add(node);
  const next: Frame['next'] = [];
  for (const [key, value] of Object.entries(node)) {
    const childPath = path === '' ? key : `${path}.${key}`;
    if (typeof value === 'object' && value !== null) next.push({ node: value, path: childPath, isRef: false });
    if (key === '$ref' && typeof value === 'string') {
      const target = resolveLocalRef(root, value);
      if (target !== undefined) next.push({ node: target, path: childPath, isRef: true });
    }
  }
  return { node, path, next };
}

/** The schema a local `$ref` (`#`, `#/$defs/x`) points at; undefined for anything else. */
function resolveLocalRef(root: object, ref: string): object | undefined {
  if (ref !== '#' && !ref.startsWith('#/')) return undefined;
  let at: unknown = root;
  for (const raw of ref === '#' ? [] : ref.slice(2).split('/')) {
    let key: string;
    try {
      key = decodeURIComponent(raw).replaceAll('~1', '/').replaceAll('~0', '~');
    } catch {
      return undefined; // not a pointer; zod refuses it when it compiles the schema
    }
    if (Array.isArray(at)) at = at[Number(key)];
    else if (isPlainObject(at) && Object.hasOwn(at, key)) at = at[key];
    else return undefined;
  }
  return typeof at === 'object' && at !== null ? at : undefined;
}
