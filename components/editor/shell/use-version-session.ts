/**
 * The version being edited and what the toolbar does with it: save a new draft (with the conflict
 * choice), publish, import. Server data stays here; only the graph lives in the canvas store.
 */
import { useCallback, useState } from 'react';
import { useMutation } from '@tanstack/react-query';
import { TRPCClientError } from '@trpc/client';
import { graphSchema } from '@/server/engine/graph';
import { MAX_JSON_DEPTH, tooDeepPath } from '@/server/engine/json-limits';
import { useTRPC } from '@/components/trpc/client';
import type { ApiError } from '@/components/trpc/types';
import { useEditorStoreApi } from '../state/editor-context';
import { toGraph } from '../canvas/graph-convert';

export interface VersionInfo {
  id: string;
  number: number;
  status: string;
}

export interface Conflict {
  message: string;
  latestVersionId: string | null;
}

function asApiError(error: unknown): ApiError | null {
  return error instanceof TRPCClientError ? (error as ApiError) : null;
}

/** Every problem the server listed, in words (one per field issue), or its message. */
export function problemsOf(error: unknown): string[] {
  const api = asApiError(error);
  const issues = api?.data?.fieldErrors ?? [];
  if (issues.length > 0) return issues.map((issue) => issue.message);
  return [error instanceof Error ? error.message : 'The server refused the request'];
}

export function useVersionSession(masteryId: string, initial: VersionInfo, initialCurrentNumber: number | null) {
  const trpc = useTRPC();
  const store = useEditorStoreApi();
  const [version, setVersion] = useState(initial);
  const [currentNumber, setCurrentNumber] = useState(initialCurrentNumber);
  const [conflict, setConflict] = useState<Conflict | null>(null);
  const [importProblems, setImportProblems] = useState<string[] | null>(null);
  const [saveError, setSaveError] = useState<string[] | null>(null);
  const saveDraft = useMutation(trpc.versions.saveDraft.mutationOptions());
  const publish = useMutation(trpc.versions.publish.mutationOptions());
  const importVersion = useMutation(trpc.versions.import.mutationOptions());

  /** Saves the canvas as a new draft; the saved version, or null when it was refused (the reason is kept). */
  const save = useCallback(
    async (note: string, force = false): Promise<VersionInfo | null> => {
      const { nodes, edges, settings, revision } = store.getState();
      setSaveError(null);
      try {
        const saved = await saveDraft.mutateAsync({ masteryId, baseVersionId: version.id, graph: toGraph(nodes, edges, settings), note, force });
        const info = { id: saved.id, number: saved.number, status: saved.status };
        setVersion(info);
        setConflict(null);
        // Edits made while the request was in flight are still unsaved.
        if (store.getState().revision === revision) store.getState().markSaved();
        return info;
      } catch (error) {
        const api = asApiError(error);
        if (api?.data?.code === 'CONFLICT') {
          const latest = api.data.fieldErrors.find((issue) => issue.path === 'latestVersionId');
          setConflict({ message: api.message, latestVersionId: latest?.message ?? null });
        } else setSaveError(problemsOf(error));
        return null;
      }
    },
    [masteryId, version.id, saveDraft, store],
  );

  const publishCurrent = useCallback(async () => {
    const published = await publish.mutateAsync({ versionId: version.id });
    setVersion((v) => ({ ...v, status: published.status }));
    setCurrentNumber(published.number);
  }, [publish, version.id]);

  const importFile = useCallback(
    async (text: string) => {
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch (error) {
        setImportProblems([`The file is not JSON: ${error instanceof Error ? error.message : 'it cannot be read'}`]);
        return;
      }
      // Sending it would overflow the client's own serializer before the server could name the problem.
      const tooDeep = tooDeepPath(json);
      if (tooDeep !== undefined) {
        setImportProblems([`The file nests deeper than ${MAX_JSON_DEPTH} levels (at ${tooDeep}); nothing was imported`]);
        return;
      }
      // On a refusal the canvas keeps the graph being edited; the server's problems are listed instead.
      try {
        const saved = await importVersion.mutateAsync({ masteryId, graph: json, note: 'Imported from a file' });
        store.getState().replaceGraph(graphSchema.parse(json));
        store.getState().markSaved();
        setVersion({ id: saved.id, number: saved.number, status: saved.status });
        setImportProblems(null);
      } catch (error) {
        setImportProblems(problemsOf(error));
      }
    },
    [importVersion, masteryId, store],
  );

  return {
    version,
    currentNumber,
    conflict,
    dismissConflict: useCallback(() => setConflict(null), []),
    save,
    isSaving: saveDraft.isPending,
    saveError,
    publish: publishCurrent,
    isPublishing: publish.isPending,
    importFile,
    importProblems,
    dismissImportProblems: useCallback(() => setImportProblems(null), []),
    /** Another version became current (a rollback from the Versions panel). */
    markCurrent: setCurrentNumber,
  };
}
