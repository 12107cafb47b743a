// Editing from the chart: a setting's value, a state's prompts, a transition's target, a new state
// with a prompt and a key to reach it, deleting a transition. Each edit is a change to the YAML text
// (yaml-edits.ts) that goes through the editor, so both views stay in step and undo undoes it.
import { useState } from 'react';
import type { ApiState, ApiTransition, FlowView, PromptView } from './api.js';
import type { Selection } from './flow-chart.js';
import { labelOf } from './layout.js';
import { playAll } from './play.js';
import {
  addKeyTransition,
  addState,
  deleteTransition,
  retarget,
  setPrompt,
  setSetting,
  targetFor,
} from './yaml-edits.js';

export type Edit = (text: string) => string;

interface InspectorProps {
  readonly view: FlowView;
  readonly selection: Selection;
  readonly prompts: readonly PromptView[];
  readonly onEdit: (edit: Edit, what: string) => void;
  readonly onSelect: (selection: Selection) => void;
}

export function Inspector({ view, selection, prompts, onEdit, onSelect }: InspectorProps) {
  const state =
    selection && 'state' in selection ? view.states.find((candidate) => candidate.id === selection.state) : undefined;
  const transition = selection && 'transition' in selection ? view.transitions[selection.transition] : undefined;
  return (
    <div className="inspector">
      <Settings view={view} onEdit={onEdit} />
      {state && <StateInspector view={view} state={state} prompts={prompts} onEdit={onEdit} onSelect={onSelect} />}
      {transition && selection && 'transition' in selection && (
        <section>
          <h3>Transition</h3>
          <TransitionRow view={view} transition={transition} index={selection.transition} onEdit={onEdit} />
        </section>
      )}
      {!state && !transition && (
        <p className="hint">Click a state or a transition on the chart to see and change it.</p>
      )}
    </div>
  );
}

function Settings({ view, onEdit }: { view: FlowView; onEdit: InspectorProps['onEdit'] }) {
  if (view.settings.length === 0) return null;
  return (
    <section>
      <h3>Settings</h3>
      {view.settings.map((setting) => (
        <label key={setting.name} className="setting">
          <span>{setting.name}</span>
          <input
            key={`${setting.name}=${String(setting.value)}`}
            data-setting={setting.name}
            defaultValue={String(setting.value)}
            onKeyDown={(event) => event.key === 'Enter' && event.currentTarget.blur()}
            onBlur={(event) => {
              const value = event.currentTarget.value;
              if (value.trim() !== String(setting.value))
                onEdit((text) => setSetting(text, setting.name, value), `${setting.name}: ${value}`);
            }}
          />
        </label>
      ))}
    </section>
  );
}

function StateInspector({
  view,
  state,
  prompts,
  onEdit,
  onSelect,
}: Omit<InspectorProps, 'selection'> & { state: ApiState }) {
  const outgoing = view.transitions
    .map((transition, index) => ({ transition, index }))
    .filter(({ transition }) => transition.from === state.id);
  return (
    <section data-inspect-state={state.id}>
      <h3>
        {state.id}{' '}
        <small>
          {state.type}, line {state.line}
        </small>
      </h3>
      {state.description && <p className="description">{state.description}</p>}
      {state.entry.length > 0 && <p>entry: {state.entry.map((ref) => ref.name).join(', ')}</p>}
      {state.invokes.map((invoke) => (
        <div key={invoke.id} className="invoke">
          <div>
            runs <code>{invoke.src}</code>
          </div>
          {invoke.prompts.map((id, index) => (
            <div key={index} className="prompt-pick">
              <select
                data-field="prompt"
                value={id}
                onChange={(event) => {
                  const next = event.target.value;
                  onEdit((text) => setPrompt(text, invoke.path, index, next), `prompt ${next}`);
                }}
              >
                {!prompts.some((prompt) => prompt.id === id) && <option value={id}>{id} (not in the catalogue)</option>}
                {prompts.map((prompt) => (
                  <option key={prompt.id} value={prompt.id}>
                    {prompt.id} — {shorten(prompt.text)}
                  </option>
                ))}
              </select>
              <button
                title="Play"
                data-action="play"
                onClick={() => playAll(prompts.find((prompt) => prompt.id === id)?.audio ?? [])}
              >
                ▶
              </button>
              <div className="prompt-text">{prompts.find((prompt) => prompt.id === id)?.text}</div>
            </div>
          ))}
        </div>
      ))}
      <h4>Transitions</h4>
      {outgoing.length === 0 && <p className="hint">None: the flow ends here, or waits.</p>}
      {outgoing.map(({ transition, index }) => (
        <TransitionRow key={index} view={view} transition={transition} index={index} onEdit={onEdit} />
      ))}
      <AddState view={view} state={state} prompts={prompts} onEdit={onEdit} onSelect={onSelect} />
    </section>
  );
}

function TransitionRow({
  view,
  transition,
  index,
  onEdit,
}: {
  view: FlowView;
  transition: ApiTransition;
  index: number;
  onEdit: InspectorProps['onEdit'];
}) {
  return (
    <div className="transition-row" data-transition={index}>
      <span className="label">{labelOf(transition).join(' ')}</span>
      {transition.actions.length > 0 && (
        <span className="actions"> / {transition.actions.map((action) => action.name).join(', ')}</span>
      )}
      <span> → </span>
      {transition.to === null ? (
        <span className="hint">(stays)</span>
      ) : (
        <select
          data-field="target"
          value={transition.to}
          onChange={(event) => {
            const to = event.target.value;
            onEdit(
              (text) => retarget(text, transition.path, targetFor(view.name, transition.from, to)),
              `retarget to ${to}`,
            );
          }}
        >
          {view.states.map((candidate) => (
            <option key={candidate.id} value={candidate.id}>
              {candidate.id}
            </option>
          ))}
        </select>
      )}
      <button
        data-action="delete-transition"
        title="Delete this transition"
        onClick={() => onEdit((text) => deleteTransition(text, transition.path), 'delete transition')}
      >
        ✕
      </button>
    </div>
  );
}

function AddState({ view, state, prompts, onEdit, onSelect }: Omit<InspectorProps, 'selection'> & { state: ApiState }) {
  const [key, setKey] = useState('*');
  const [name, setName] = useState('');
  const [prompt, setPromptId] = useState(prompts[0]?.id ?? '');
  const parentPath =
    state.parent === null ? [] : (view.states.find((candidate) => candidate.id === state.parent)?.path ?? []);
  const id = state.parent === null ? name : `${state.parent}.${name}`;
  const valid =
    /^[a-z][A-Za-z0-9_]*$/.test(name) && !view.states.some((candidate) => candidate.id === id) && prompt !== '';
  return (
    <div className="add-state">
      <h4>Add a state</h4>
      <div>
        When the caller presses{' '}
        <select data-field="new-key" value={key} onChange={(event) => setKey(event.target.value)}>
          {['*', '#', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9'].map((option) => (
            <option key={option}>{option}</option>
          ))}
        </select>{' '}
        here, go to a new state
      </div>
      <input
        data-field="new-state"
        placeholder="name, e.g. help"
        value={name}
        onChange={(event) => setName(event.target.value.trim())}
      />
      <div>
        that plays{' '}
        <select data-field="new-prompt" value={prompt} onChange={(event) => setPromptId(event.target.value)}>
          {prompts.map((option) => (
            <option key={option.id} value={option.id}>
              {option.id} — {shorten(option.text)}
            </option>
          ))}
        </select>{' '}
        and comes back here.
      </div>
      <button
        data-action="add-state"
        disabled={!valid}
        onClick={() => {
          onEdit((text) => {
            const back = targetFor(view.name, id, state.id);
            const withState = addState(text, { parentPath, name, prompt, then: back });
            return addKeyTransition(withState, state.path, key, targetFor(view.name, state.id, id));
          }, `add state ${id}`);
          setName('');
          onSelect({ state: id });
        }}
      >
        Add state
      </button>
    </div>
  );
}

function shorten(text: string): string {
  return text.length > 48 ? `${text.slice(0, 47)}…` : text;
}
