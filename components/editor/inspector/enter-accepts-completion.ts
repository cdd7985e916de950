/**
 * Enter accepts a completion even while the list is being refreshed. CodeMirror queries completion sources
 * a moment after typing and, meanwhile, shows the previous list disabled: its own Enter then types a new
 * line. Here an Enter pressed in that moment is held until the refreshed list is ready and accepts its
 * selected option; when no list comes, or the person types on first, it types the new line after all.
 */
import { acceptCompletion, completionStatus } from '@codemirror/autocomplete';
import { insertNewlineAndIndent } from '@codemirror/commands';
import { Prec, type Extension } from '@codemirror/state';
import { EditorView, keymap, ViewPlugin, type ViewUpdate } from '@codemirror/view';

class HeldEnter {
  isHeld = false;

  constructor(private readonly view: EditorView) {}

  update(update: ViewUpdate): void {
    if (!this.isHeld || completionStatus(update.state) === 'pending') return;
    this.isHeld = false;
    // A view may not be changed from inside its own update.
    queueMicrotask(() => {
      if (!acceptCompletion(this.view)) insertNewlineAndIndent(this.view);
    });
  }
}

const heldEnter = ViewPlugin.fromClass(HeldEnter);

function holdEnterWhilePending(view: EditorView): boolean {
  if (completionStatus(view.state) !== 'pending') return false;
  const plugin = view.plugin(heldEnter);
  if (plugin === null) return false;
  plugin.isHeld = true;
  return true;
}

/** Text typed while Enter is held comes after Enter's new line, in the order it was typed. */
const typedWhileHeld = EditorView.inputHandler.of((view, _from, _to, text) => {
  const plugin = view.plugin(heldEnter);
  if (plugin === null || !plugin.isHeld) return false;
  plugin.isHeld = false;
  insertNewlineAndIndent(view);
  view.dispatch({ ...view.state.replaceSelection(text), userEvent: 'input.type' });
  return true;
});

/** Goes with `autocompletion({ interactionDelay: 0 })`: a list that has just opened takes Enter too. */
export function enterAcceptsCompletion(): Extension {
  return [heldEnter, typedWhileHeld, Prec.highest(keymap.of([{ key: 'Enter', run: holdEnterWhilePending }]))];
}
