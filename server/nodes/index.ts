/**
 * The registry of node types: adding a type is its file plus one line here. The engine gets
 * a NodeRegistry; the editor reads `catalog.ts`.
 */
import type { NodeRegistry, NodeType } from '@/server/engine/node-type';
import { AppError } from '@/server/errors';
import { approvalNode } from './approval';
import { codeNode } from './code';
import { conditionNode } from './condition';
import { delayNode } from './delay';
import { httpNode } from './http';
import { inputNode } from './input';
import { llmNode } from './llm';
import { mapNode } from './map';
import { masteryNode } from './mastery';
import { mergeNode } from './merge';
import { outputNode } from './output';
import { transformNode } from './transform';

export const builtInNodeTypes: readonly NodeType[] = [
  ...[inputNode, outputNode, transformNode, conditionNode, delayNode, mergeNode, llmNode],
  // http and code
  ...[httpNode, codeNode],
  // map, mastery and approval
  ...[mapNode, masteryNode, approvalNode],
];

/** A registry of the given types; the default one holds the built-ins. Tests add their own doubles. */
export function createRegistry(types: readonly NodeType[] = builtInNodeTypes): NodeRegistry & { types: ReadonlyMap<string, NodeType> } {
  const map = new Map<string, NodeType>();
  for (const nodeType of types) {
    if (map.has(nodeType.type)) throw new AppError('CONFLICT', `Node type "${nodeType.type}" is registered twice`);
    map.set(nodeType.type, nodeType);
  }
  return { types: map, get: (type) => map.get(type) };
}

export const nodeRegistry = createRegistry();

export function getNodeType(type: string): NodeType | undefined {
  return nodeRegistry.get(type);
}
