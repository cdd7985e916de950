/**
 * What the editor sees of each node type: metadata, output handles and the JSON Schema of its config (the
 * inspector form). Built on the server, since it reads the registry (the http node needs node:net), and
 * handed to the editor as plain props; client code imports only its types.
 */
import { z } from 'zod';
import type { NodeType, NodeTypeMeta } from '@/server/engine/node-type';
import { NOTE_NODE_TYPE } from '@/server/engine/graph';
import { builtInNodeTypes } from './index';

/** A node type's editor metadata (the fields it declares) and the JSON Schema of its config. */
export type CatalogEntry = Pick<NodeTypeMeta, 'type' | 'title' | 'category' | 'description' | 'icon' | 'outputs'> & {
  /** Config fields holding raw JSONata: the inspector shows them as expression editors. */
  expressionFields: readonly string[];
  /** Config fields that take whole secrets (`{{ $secrets.NAME }}`): the inspector offers secret names there only. */
  secretFields: readonly string[];
  /** JSON Schema (draft 2020-12) of the config as a person writes it: defaults are not required. */
  configSchema: Record<string, unknown>;
};

export function buildCatalog(types: Iterable<NodeType>): CatalogEntry[] {
  return [...types].map((nodeType) => ({
    type: nodeType.type,
    title: nodeType.title,
    category: nodeType.category,
    description: nodeType.description,
    icon: nodeType.icon,
    outputs: nodeType.outputs,
    expressionFields: nodeType.expressionFields,
    secretFields: nodeType.secretFields,
    // Through JSON: toJSONSchema's objects are not plain, and React refuses to hand them to client components.
    configSchema: JSON.parse(JSON.stringify(z.toJSONSchema(nodeType.configSchema, { io: 'input' }))) as Record<string, unknown>,
  }));
}

export const nodeCatalog: readonly CatalogEntry[] = buildCatalog(builtInNodeTypes);

/** Sticky notes are editor-only: not a node type, never run, never connected. */
export const noteNodeType = NOTE_NODE_TYPE;
