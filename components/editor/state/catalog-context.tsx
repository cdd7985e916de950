/**
 * The node catalog reaches the editor as props from the server page (plain JSON Schema data), so the
 * browser bundle never imports node type files, whose `execute` may need server-only modules. The
 * live validator gets a registry rebuilt from those JSON Schemas (browser-registry.ts).
 */
import { createContext, useContext, useMemo, type ReactNode } from 'react';
import type { CatalogEntry } from '@/server/nodes/catalog';
import type { NodeRegistry } from '@/server/engine/node-type';
import { browserRegistry } from './browser-registry';

export interface EditorCatalog {
  entries: readonly CatalogEntry[];
  byType: ReadonlyMap<string, CatalogEntry>;
  registry: NodeRegistry;
}

const CatalogContext = createContext<EditorCatalog | null>(null);

export function buildEditorCatalog(entries: readonly CatalogEntry[]): EditorCatalog {
  return { entries, byType: new Map(entries.map((entry) => [entry.type, entry])), registry: browserRegistry(entries) };
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
