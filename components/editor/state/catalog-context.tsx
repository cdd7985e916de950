/**
 * The node catalog reaches the editor as props from the server page (plain JSON Schema data), so the
 * browser bundle never imports node type files, whose `execute` may need server-only modules. The
 * live validator gets a registry rebuilt from those JSON Schemas; the save re-validates on the server
 * with the real one, so the worst a difference can do is let the server name a problem first.
 */
import { createContext, useContext, useMemo, type ReactNode } from 'react';
import { z } from 'zod';
import type { CatalogEntry } from '@/server/nodes/catalog';
import type { NodeRegistry, NodeType } from '@/server/engine/node-type';
import { AppError } from '@/server/errors';

export interface EditorCatalog {
  entries: readonly CatalogEntry[];
  byType: ReadonlyMap<string, CatalogEntry>;
  registry: NodeRegistry;
}

const CatalogContext = createContext<EditorCatalog | null>(null);

function configSchemaOf(entry: CatalogEntry): z.ZodType {
  try {
    return z.fromJSONSchema(entry.configSchema as Parameters<typeof z.fromJSONSchema>[0]);
  } catch (error) {
    console.warn(`Node type "${entry.type}": its config schema cannot be checked in the browser; the server checks it on save`, error);
    return z.unknown();
  }
}

export function buildEditorCatalog(entries: readonly CatalogEntry[]): EditorCatalog {
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
  return { entries, byType: new Map(entries.map((entry) => [entry.type, entry])), registry: { get: (type) => types.get(type) } };
}

export function CatalogProvider({ entries, children }: { entries: readonly CatalogEntry[]; children: ReactNode }) {
  const catalog = useMemo(() => buildEditorCatalog(entries), [entries]);
  return <CatalogContext.Provider value={catalog}>{children}</CatalogContext.Provider>;
}

export function useCatalog(): EditorCatalog {
  const catalog = useContext(CatalogContext);
  if (!catalog) throw new Error('useCatalog must be used inside <CatalogProvider>');
  return catalog;
}
