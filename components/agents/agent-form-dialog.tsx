'use client';

import { useState, type FormEvent } from 'react';
import { useMutation } from '@tanstack/react-query';
import { useTRPC } from '@/components/trpc/client';
import { fieldErrors, formError } from '@/components/trpc/errors';
import { Button } from '@/components/ui/button';
import { Dialog } from '@/components/ui/dialog';
import { Field, FormAlert } from '@/components/ui/field';
import { Input, Textarea } from '@/components/ui/input';
import type { Agent } from './agent-list';

const FIELDS = ['name', 'specialty', 'capabilities', 'systemPrompt', 'model', 'temperature', 'topP', 'maxTokens'] as const;
type FieldName = (typeof FIELDS)[number];

interface Props {
  agent: Agent | null;
  isReadOnly: boolean;
  onClose(): void;
  onSaved(): void;
}

function valuesOf(form: HTMLFormElement) {
  const data = new FormData(form);
  const text = (name: FieldName) => String(data.get(name) ?? '');
  // Blank means "the provider's default"; anything else goes to the server as typed, which checks it.
  const optionalNumber = (name: FieldName) => (text(name).trim() === '' ? null : Number(text(name)));
  return {
    name: text('name'),
    specialty: text('specialty'),
    capabilities: text('capabilities').split(',').map((c) => c.trim()).filter(Boolean),
    systemPrompt: text('systemPrompt'),
    model: text('model'),
    temperature: text('temperature').trim() === '' ? Number.NaN : Number(text('temperature')),
    topP: optionalNumber('topP'),
    maxTokens: optionalNumber('maxTokens'),
  };
}

/** Create an agent, or edit one (each change becomes a new agent version on the server). */
export function AgentFormDialog({ agent, isReadOnly, onClose, onSaved }: Props) {
  const trpc = useTRPC();
  const [isOpen, setIsOpen] = useState(true);
  const create = useMutation(trpc.agents.create.mutationOptions({ onSuccess: onSaved }));
  const update = useMutation(trpc.agents.update.mutationOptions({ onSuccess: onSaved }));
  const error = create.error ?? update.error;
  const byPath = fieldErrors(error);
  const errorOf = (name: FieldName) => byPath[name] ?? byPath[`changes.${name}`] ?? Object.entries(byPath).find(([path]) => path.startsWith(`${name}.`) || path.startsWith(`changes.${name}.`))?.[1];
  const inline = [...FIELDS, ...FIELDS.map((f) => `changes.${f}`)];
  const close = () => {
    setIsOpen(false);
    onClose();
  };

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const values = valuesOf(event.currentTarget);
    if (agent) update.mutate({ id: agent.id, changes: values });
    else create.mutate(values);
  }

  const title = isReadOnly ? `Agent ${agent?.name ?? ''}` : agent ? `Edit ${agent.name}` : 'New agent';
  return (
    <Dialog isOpen={isOpen} title={title} onClose={close}>
      <form onSubmit={onSubmit} noValidate aria-label={title} className="flex flex-col gap-3">
        <FormAlert message={formError(error, inline)} />
        <Field label="Name" error={errorOf('name')}>
          {(control) => <Input {...control} name="name" defaultValue={agent?.name} readOnly={isReadOnly} maxLength={80} autoFocus={!isReadOnly} />}
        </Field>
        <Field label="Specialty" hint="What this agent is good at, in a sentence" error={errorOf('specialty')}>
          {(control) => <Input {...control} name="specialty" defaultValue={agent?.specialty} readOnly={isReadOnly} />}
        </Field>
        <Field label="Capabilities" hint="Comma-separated, e.g. research, summarise" error={errorOf('capabilities')}>
          {(control) => <Input {...control} name="capabilities" defaultValue={agent?.capabilities.join(', ')} readOnly={isReadOnly} />}
        </Field>
        <Field label="System prompt" error={errorOf('systemPrompt')}>
          {(control) => <Textarea {...control} name="systemPrompt" rows={5} defaultValue={agent?.systemPrompt} readOnly={isReadOnly} />}
        </Field>
        <Field label="Model" error={errorOf('model')}>
          {(control) => <Input {...control} name="model" defaultValue={agent?.model} readOnly={isReadOnly} placeholder="e.g. gpt-4o-mini" />}
        </Field>
        <div className="grid grid-cols-3 gap-3">
          <Field label="Temperature" error={errorOf('temperature')}>
            {(control) => <Input {...control} name="temperature" type="number" step="0.1" min={0} max={2} defaultValue={agent?.temperature ?? 0.7} readOnly={isReadOnly} />}
          </Field>
          <Field label="Top P" hint="Blank: the model's default" error={errorOf('topP')}>
            {(control) => <Input {...control} name="topP" type="number" step="0.05" min={0} max={1} defaultValue={agent?.topP ?? ''} readOnly={isReadOnly} />}
          </Field>
          <Field label="Max tokens" hint="Per answer; blank: no limit" error={errorOf('maxTokens')}>
            {(control) => <Input {...control} name="maxTokens" type="number" step="1" min={1} defaultValue={agent?.maxTokens ?? ''} readOnly={isReadOnly} />}
          </Field>
        </div>
        <div className="flex justify-end gap-2">
          <Button variant="secondary" onClick={close}>{isReadOnly ? 'Close' : 'Cancel'}</Button>
          {!isReadOnly && <Button type="submit" isBusy={create.isPending || update.isPending}>{agent ? 'Save agent' : 'Create agent'}</Button>}
        </div>
      </form>
    </Dialog>
  );
}
