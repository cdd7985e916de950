/**
 * A node registry rebuilt from the catalog's plain JSON Schema data, for validating in the browser (on the
 * page or in the validation worker) without the node type files. The save re-validates on the server with
 * the real registry, so the worst a difference can do is let the server name a problem first.
 */
import { z } from 'zod';
import type { CatalogEntry } from '@/server/nodes/catalog';
import type { NodeRegistry, NodeType } from '@/server/engine/node-type';
import { AppError } from '@/server/errors';

function configSchemaOf(entry: CatalogEntry): z.ZodType {
  try {
    return z.fromJSONSchema(entry.configSchema as Parameters<typeof z.fromJSONSchema>[0]);
  } catch (error) {
    console.warn(`Node type "${entry.type}": its config schema cannot be checked in the browser; the server checks it on save`, error);
    return z.unknown();
  }
}

export function browserRegistry(entries: readonly CatalogEntry[]): NodeRegistry {
  const types = new Map<string, NodeType>();
  for (const entry of entries) {
    types.set(entry.type, {
      type: entry.type,
      title: entry.title,
      category: entry.category,
      description: entry.description,
      icon: entry.icon,
      outputs: entry.outputs,
      expressionFields: entry.expressionFields,
      // Resolved only at run time; validation leaves these fields to their node type.
      deferredTemplateFields: [],
      // So the live validator refuses a secret outside these fields, as the server does.
      secretFields: entry.secretFields,
      configSchema: configSchemaOf(entry),
      prepare() {
        throw new AppError('NODE_FAILED', 'The editor validates steps; it does not run them');
      },
    });
  }
  return { get: (type) => types.get(type) };
}
