/** How the editor shows node types: category labels and a one-line config summary. */
import type { CatalogEntry } from '@/server/nodes/catalog';
import type { NodeCategory } from '@/server/engine/node-type';

export const CATEGORY_LABELS = {
  io: 'Input & output',
  ai: 'AI',
  data: 'Data',
  logic: 'Logic',
  flow: 'Flow',
  integration: 'Integrations',
} as const satisfies Record<NodeCategory, string>;

interface SchemaProperty {
  title?: string;
}

/**
 * One line about a node's key setting: the first filled config field, e.g. `Expression: input.n * 2`. An
 * agent shows by name (`Agent: Researcher`), never by its database id (`…` until the names are loaded).
 */
export function configSummary(entry: CatalogEntry | undefined, config: unknown, agentNames?: ReadonlyMap<string, string>): string {
  if (!entry || typeof config !== 'object' || config === null) return '';
  const properties = (entry.configSchema.properties ?? {}) as Record<string, SchemaProperty>;
  const values = config as Record<string, unknown>;
  for (const [key, property] of Object.entries(properties)) {
    const value = values[key];
    if (value === undefined || value === '' || value === null) continue;
    const text = key === 'agentId' && typeof value === 'string' ? (agentNames?.get(value) ?? (agentNames ? 'unknown or archived agent' : '…')) : typeof value === 'string' ? value : JSON.stringify(value);
    return `${property.title ?? key}: ${text.length > 48 ? `${text.slice(0, 47)}…` : text}`;
  }
  return '';
}
