// The flow's YAML in CodeMirror 6. The editor holds the document both views edit: a chart edit is
// dispatched here as a change (so the editor's undo undoes it too) and every change is reported.
import { defaultKeymap, history, historyKeymap, indentWithTab, redo, undo } from '@codemirror/commands';
import { yaml } from '@codemirror/lang-yaml';
import { defaultHighlightStyle, syntaxHighlighting } from '@codemirror/language';
import { EditorState, StateEffect, StateField, Transaction } from '@codemirror/state';
import { Decoration, EditorView, highlightActiveLine, keymap, lineNumbers, type DecorationSet } from '@codemirror/view';
import { forwardRef, useEffect, useImperativeHandle, useRef } from 'react';

export interface EditorHandle {
  /** Replaces the text, as one change the editor can undo. */
  setText(text: string, undoable: boolean): void;
  /** Scrolls to a line (1-based) and marks lines `from`..`to`. */
  reveal(from: number, to?: number): void;
  undo(): boolean;
  redo(): boolean;
}

interface EditorProps {
  readonly initial: string;
  /** Lines with a problem (1-based). */
  readonly problemLines: readonly number[];
  readonly onChange: (text: string) => void;
}

const setMarks = StateEffect.define<{ selected: readonly number[]; problems: readonly number[] }>();

const marks = StateField.define<DecorationSet>({
  create: () => Decoration.none,
  update(value, transaction) {
    let next = value.map(transaction.changes);
    for (const effect of transaction.effects) {
      if (!effect.is(setMarks)) continue;
      const doc = transaction.state.doc;
      const lines = new Map<number, string>();
      for (const line of effect.value.problems) lines.set(line, 'cm-problem-line');
      for (const line of effect.value.selected) lines.set(line, `${lines.get(line) ?? ''} cm-selected-line`.trim());
      next = Decoration.set(
        [...lines]
          .filter(([line]) => line >= 1 && line <= doc.lines)
          .sort(([a], [b]) => a - b)
          .map(([line, cls]) => Decoration.line({ class: cls }).range(doc.line(line).from)),
      );
    }
    return next;
  },
  provide: (field) => EditorView.decorations.from(field),
});

export const YamlEditor = forwardRef<EditorHandle, EditorProps>(function YamlEditor(
  { initial, problemLines, onChange },
  handle,
) {
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView | null>(null);
  const selected = useRef<number[]>([]);
  const problems = useRef<readonly number[]>(problemLines);
  const changed = useRef(onChange);
  changed.current = onChange;

  useEffect(() => {
    const editor = new EditorView({
      parent: host.current ?? document.body,
      state: EditorState.create({
        doc: initial,
        extensions: [
          lineNumbers(),
          history(),
          highlightActiveLine(),
          yaml(),
          syntaxHighlighting(defaultHighlightStyle),
          keymap.of([...defaultKeymap, ...historyKeymap, indentWithTab]),
          marks,
          EditorView.updateListener.of((update) => {
            if (update.docChanged) changed.current(update.state.doc.toString());
          }),
        ],
      }),
    });
    view.current = editor;
    return () => editor.destroy();
    // One editor per flow: the parent gives each flow its own (key).
  }, []);

  const refreshMarks = () =>
    view.current?.dispatch({ effects: setMarks.of({ selected: selected.current, problems: problems.current }) });

  useEffect(() => {
    problems.current = problemLines;
    refreshMarks();
  }, [problemLines]);

  useImperativeHandle(handle, () => ({
    setText(text, undoable) {
      const editor = view.current;
      if (!editor) return;
      const old = editor.state.doc.toString();
      if (old === text) return;
      let head = 0;
      while (head < old.length && head < text.length && old[head] === text[head]) head += 1;
      let tail = 0;
      while (
        tail < old.length - head &&
        tail < text.length - head &&
        old[old.length - 1 - tail] === text[text.length - 1 - tail]
      )
        tail += 1;
      editor.dispatch({
        changes: { from: head, to: old.length - tail, insert: text.slice(head, text.length - tail) },
        ...(!undoable && { annotations: [Transaction.addToHistory.of(false)] }),
      });
    },
    reveal(from, to = from) {
      const editor = view.current;
      if (!editor) return;
      const doc = editor.state.doc;
      const first = Math.min(Math.max(1, from), doc.lines);
      const last = Math.min(Math.max(first, to), doc.lines);
      selected.current = Array.from({ length: last - first + 1 }, (_, index) => first + index);
      refreshMarks();
      editor.dispatch({ effects: EditorView.scrollIntoView(doc.line(first).from, { y: 'start', yMargin: 40 }) });
    },
    undo: () => (view.current ? undo(view.current) : false),
    redo: () => (view.current ? redo(view.current) : false),
  }));

  return <div className="yaml-editor" ref={host} />;
});
