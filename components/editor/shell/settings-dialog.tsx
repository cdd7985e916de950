import { useShallow } from 'zustand/react/shallow';
import { Button } from '@/components/ui/button';
import { Dialog } from '@/components/ui/dialog';
import { Field } from '@/components/ui/field';
import { Input } from '@/components/ui/input';
import { useEditorStore, useIsReadOnly } from '../state/editor-context';
import { InputSchemaBuilder } from '../inspector/input-schema-builder';
import { MasteryDetailsForm, type MasteryDetails } from './mastery-details-form';
import { JsonField } from '../inspector/schema-field';

interface Props {
  isOpen: boolean;
  mastery: MasteryDetails;
  onClose(): void;
}

/**
 * Mastery settings: name and description are saved at once; concurrency, input schema and result mapping
 * live in the graph, so they join the draft (saved with Save, undone with Undo).
 */
export function SettingsDialog({ isOpen, mastery, onClose }: Props) {
  return (
    <Dialog isOpen={isOpen} title="Mastery settings" onClose={onClose}>
      <div className="flex max-h-[70dvh] flex-col gap-5 overflow-y-auto pr-1">
        <MasteryDetailsForm mastery={mastery} isReadOnly={useIsReadOnly()} />
        <GraphSettingsForm />
      </div>
      <div className="flex justify-end">
        <Button variant="secondary" onClick={onClose}>Done</Button>
      </div>
    </Dialog>
  );
}

function GraphSettingsForm() {
  const isReadOnly = useIsReadOnly();
  const { settings, updateSettings } = useEditorStore(useShallow((s) => ({ settings: s.settings, updateSettings: s.updateSettings })));
  // The validator names settings problems in its message ("Settings: settings.resultMapping.a reads …").
  const messages = useEditorStore(useShallow((s) => s.problems.filter((p) => p.nodeId === undefined && p.message.includes('settings.')).map((p) => p.message)));
  const errorFor = (field: string) => messages.find((message) => message.includes(field));
  return (
    <section aria-label="Draft settings" className="flex flex-col gap-3 border-t border-zinc-200 pt-4">
      {!isReadOnly && <p className="text-xs text-zinc-500">These settings are part of the draft: Save creates a version with them.</p>}
      <Field label="Max parallel steps" hint="Steps of one run executing at once (1–256)" error={errorFor('settings.maxParallel')}>
        {(control) => (
          <Input
            {...control}
            type="number"
            min={1}
            max={256}
            className="h-8 w-28"
            readOnly={isReadOnly}
            value={settings.maxParallel}
            onChange={(e) => {
              const value = Number(e.target.value);
              if (Number.isInteger(value) && value >= 1 && value <= 256) updateSettings({ maxParallel: value }, 'settings:maxParallel');
            }}
          />
        )}
      </Field>
      <InputSchemaBuilder schema={settings.inputSchema} isReadOnly={isReadOnly} onChange={(inputSchema) => updateSettings({ inputSchema }, 'settings:inputSchema')} />
      <JsonField
        label="Result mapping"
        hint="The run's output; strings may hold {{ }} templates, e.g. { &quot;answer&quot;: &quot;{{ steps.result.output }}&quot; }"
        value={settings.resultMapping}
        error={errorFor('settings.resultMapping')}
        isReadOnly={isReadOnly}
        onChange={(resultMapping) => updateSettings({ resultMapping: resultMapping as typeof settings.resultMapping }, 'settings:resultMapping')}
      />
    </section>
  );
}
