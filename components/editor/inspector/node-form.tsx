import { useCallback } from 'react';
import { Field } from '@/components/ui/field';
import { Input, Textarea } from '@/components/ui/input';
import { useShallow } from 'zustand/react/shallow';
import { useCatalog } from '../state/catalog-context';
import { useEditorStore } from '../state/editor-context';
import { problemMessage } from '../state/node-names';
import { useNodeNameMap } from '../state/use-node-names';
import { fieldMessage } from './field-message';
import { PolicyForm } from './policy-form';
import { SchemaField, fieldKind, type PropertySchema } from './schema-field';
import type { StepData } from '../state/types';
import { referencesFor } from './upstream';
import { useNodeDraft } from './use-node-draft';

const NO_PROBLEMS: never[] = [];

function asRecord(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

/** Name, config (generated from the type's JSON Schema) and step policy of one node. */
export function NodeForm({ id, isReadOnly }: { id: string; isReadOnly: boolean }) {
  const stored = useEditorStore((s) => s.nodes.find((node) => node.id === id)?.data);
  const problems = useEditorStore((s) => s.problemsByNode.get(id) ?? NO_PROBLEMS);
  const updateNodeData = useEditorStore((s) => s.updateNodeData);
  const references = useEditorStore(useShallow((s) => referencesFor(s.nodes, s.edges, id, s.settings.inputSchema)));
  const names = useNodeNameMap();
  const { byType } = useCatalog();
  const commit = useCallback((patch: Partial<StepData>, key: string) => updateNodeData(id, patch, key), [id, updateNodeData]);
  const { shown: data, update } = useNodeDraft(stored, commit);
  if (!data) return null;

  const entry = byType.get(data.nodeType);
  const config = asRecord(data.config);
  // A problem inside a field (`config.headers.authorization`) shows under the field itself.
  const errorFor = (field: string) => {
    const problem = problems.find((p) => p.field === field || p.field?.startsWith(`${field}.`));
    return problem && fieldMessage(problemMessage(problem, names), field);
  };
  const setConfig = (key: string, value: unknown) => {
    const next = { ...config };
    if (value === undefined) delete next[key];
    else next[key] = value;
    update({ config: next }, `config:${key}`);
  };

  if (data.nodeType === 'note') {
    return (
      <Field label="Note text">
        {(control) => <Textarea {...control} rows={6} value={typeof config.text === 'string' ? config.text : ''} readOnly={isReadOnly} onChange={(e) => setConfig('text', e.target.value)} />}
      </Field>
    );
  }

  const properties = asRecord(entry?.configSchema.properties) as Record<string, PropertySchema>;
  const isUnderField = (field: string | undefined) => Object.keys(properties).some((key) => field === `config.${key}` || field?.startsWith(`config.${key}.`));
  // Each problem shows once: under the field it names, or here (the node, its config as a whole, a key
  // the form has no field for).
  const general = problems.filter((p) => !isUnderField(p.field));
  return (
    <form aria-label={`Settings of ${data.name || id}`} className="flex flex-col gap-3" onSubmit={(e) => e.preventDefault()}>
      <div>
        <h2 className="text-base font-semibold text-zinc-900">{entry?.title ?? data.nodeType}</h2>
        <p className="text-xs text-zinc-500">id <code>{id}</code> · {entry?.description ?? 'This node type is not registered.'}</p>
      </div>
      <Field label="Name">
        {(control) => <Input {...control} className="h-8" value={data.name} readOnly={isReadOnly} onChange={(e) => update({ name: e.target.value }, 'name')} />}
      </Field>
      {Object.entries(properties).map(([key, property]) => (
        <SchemaField
          key={key}
          name={key}
          property={property}
          kind={fieldKind(key, property, entry?.expressionFields.includes(key) ?? false)}
          value={config[key]}
          error={errorFor(`config.${key}`)}
          isReadOnly={isReadOnly}
          help={{ references, hasSecrets: entry?.secretFields.includes(key) ?? false, nodeId: id }}
          onChange={(value) => setConfig(key, value)}
        />
      ))}
      {general.length > 0 && (
        <ul className="flex flex-col gap-1 text-sm text-danger-700">
          {general.map((problem) => <li key={problem.message}>{problemMessage(problem, names)}</li>)}
        </ul>
      )}
      <PolicyForm policy={data.policy} isReadOnly={isReadOnly} onChange={(policy) => update({ policy }, 'policy')} />
    </form>
  );
}
