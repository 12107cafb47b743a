// Edits made on the chart, applied to the flow's YAML text. Each is made with the `yaml` package's
// Document API (comments and key order survive) and only the lines it changed are taken from the
// re-rendered document: the rest of the file keeps its own spacing, alignment and style.
import { isCollection, isMap, isScalar, isSeq, parseDocument, type Document } from 'yaml';

export type Path = readonly (string | number)[];

const RENDER = { lineWidth: 0 } as const;

/** `mutate` applied to `text`, changing only the lines it touches. Throws when the text is not YAML. */
export function editYaml(text: string, mutate: (doc: Document) => void): string {
  const doc = parseDocument(text);
  const [error] = doc.errors;
  if (error) throw new Error(`the YAML does not read: ${error.message.split('\n')[0] ?? ''}`);
  const before = doc.toString(RENDER);
  mutate(doc);
  return splice(text, before, doc.toString(RENDER));
}

/**
 * The original text with the lines that differ between two renderings replaced. Renderings differ
 * from the file only within lines (spacing, padding), so a line of one is the same line of the other.
 */
export function splice(original: string, before: string, after: string): string {
  const text = original.split('\n');
  const old = before.split('\n');
  const next = after.split('\n');
  if (text.length !== old.length) return after;
  let head = 0;
  while (head < old.length && head < next.length && old[head] === next[head]) head += 1;
  let tail = 0;
  while (
    tail < old.length - head &&
    tail < next.length - head &&
    old[old.length - 1 - tail] === next[next.length - 1 - tail]
  )
    tail += 1;
  return [...text.slice(0, head), ...next.slice(head, next.length - tail), ...text.slice(text.length - tail)].join(
    '\n',
  );
}

/** A setting's new value: digits are a number, anything else (`10s`) text. */
export function setSetting(text: string, name: string, value: string): string {
  const trimmed = value.trim();
  return editYaml(text, (doc) => doc.setIn(['settings', name], /^\d+$/.test(trimmed) ? Number(trimmed) : trimmed));
}

/** The `index`th prompt an invoke plays (`input: { prompts: [...] }`). */
export function setPrompt(text: string, invokePath: Path, index: number, id: string): string {
  return editYaml(text, (doc) => doc.setIn([...invokePath, 'input', 'prompts', index], id));
}

/** Points a transition at another state; `target` as written in the flow (see targetFor). */
export function retarget(text: string, transitionPath: Path, target: string): string {
  return editYaml(text, (doc) => {
    const node = doc.getIn(transitionPath, true);
    if (isScalar(node)) doc.setIn(transitionPath, target);
    else if (isMap(node)) doc.setIn([...transitionPath, 'target'], target);
    else throw new Error('no transition there');
  });
}

/** Removes a transition, and the `on:`/`after:` entries it leaves empty. */
export function deleteTransition(text: string, transitionPath: Path): string {
  return editYaml(text, (doc) => {
    doc.deleteIn(transitionPath);
    for (let length = transitionPath.length - 1; length > 0; length -= 1) {
      const path = transitionPath.slice(0, length);
      if (path[path.length - 2] === 'states' || path[path.length - 1] === 'invoke') break;
      const node = doc.getIn(path, true);
      if (!isCollection(node) || node.items.length > 0) break;
      doc.deleteIn(path);
    }
  });
}

export interface NewState {
  /** The enclosing state's YAML path; empty for the top of the flow. */
  readonly parentPath: Path;
  readonly name: string;
  readonly prompt: string;
  /** Where the caller goes once the prompt has played (as written: see targetFor). */
  readonly then: string;
}

/** A state that plays one prompt, then moves on. */
export function addState(text: string, state: NewState): string {
  return editYaml(text, (doc) => {
    const statesPath = [...state.parentPath, 'states'];
    const states = doc.getIn(statesPath, true);
    if (isMap(states) && states.has(state.name)) throw new Error(`there is a state named ${state.name} already`);
    // `input: { prompts: [id] }` on one line, as the shipped flows write it.
    const input = doc.createNode({ prompts: [state.prompt] });
    input.flow = true;
    const body = doc.createNode({ invoke: { id: 'prompt', src: 'playPrompts', input, onDone: state.then } });
    if (!isMap(states)) {
      doc.setIn(statesPath, doc.createNode({ [state.name]: body }));
      return;
    }
    const pair = doc.createPair(state.name, body);
    // A blank line before it, as between the other states.
    pair.key.spaceBefore = true;
    states.items.push(pair);
  });
}

/** In state `statePath`, pressing `key` goes to `target` (before its other key transitions). */
export function addKeyTransition(text: string, statePath: Path, key: string, target: string): string {
  return editYaml(text, (doc) => {
    const transition = doc.createNode({ guard: { type: 'keyIs', params: { value: key } }, target });
    transition.flow = true;
    const path = [...statePath, 'on', 'DTMF'];
    const existing = doc.getIn(path, true);
    if (existing === undefined) doc.setIn(path, transition);
    else if (isSeq(existing)) existing.items.unshift(transition);
    else doc.setIn(path, doc.createNode([transition, existing]));
  });
}

/**
 * How a transition declared in state `from` names state `to` (ids are dotted paths): a sibling by
 * its name, a child with a leading dot, anything else by its id in the flow (`#flow.path`).
 */
export function targetFor(flow: string, from: string | null, to: string): string {
  const parentOf = (id: string) => (id.includes('.') ? id.slice(0, id.lastIndexOf('.')) : null);
  if (from !== null && parentOf(from) === parentOf(to)) return to.slice(to.lastIndexOf('.') + 1);
  if (from !== null && parentOf(to) === from) return `.${to.slice(from.length + 1)}`;
  if (from === null && parentOf(to) === null) return `.${to}`;
  return `#${flow}.${to}`;
}
