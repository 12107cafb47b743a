// The studio page: flows (chart, YAML, inspector, problems), a call or a replay lighting the chart,
// the services and the prompts. The editor's text is the flow: every change is checked by the
// server as `foyer check` checks it and saved when it has no error (a draft only when asked).
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { api, formatProblem, type FlowSummary, type FlowView, type PromptsView, type ServicesView } from './api.js';
import { Problems, PromptsPanel, ServicesPanel } from './catalogue-views.js';
import { FlowChart, type Selection } from './flow-chart.js';
import { Inspector, type Edit } from './inspector.js';
import { Phone } from './phone.js';
import { Replay } from './replay.js';
import { activeStates, type TranscriptEvent } from './transcript.js';
import { YamlEditor, type EditorHandle } from './yaml-editor.js';

type Page = 'flows' | 'services' | 'prompts';
type Side = 'yaml' | 'call' | 'replay';
type Status = 'saved' | 'checking' | 'invalid' | 'saving' | 'draft' | 'disk-changed' | 'error';

const CHECK_DELAY_MS = 300;

export function App() {
  const [page, setPage] = useState<Page>('flows');
  const [side, setSide] = useState<Side>('yaml');
  const [flows, setFlows] = useState<FlowSummary[]>([]);
  const [current, setCurrent] = useState<string | null>(null);
  const [view, setView] = useState<FlowView | null>(null);
  const [editorKey, setEditorKey] = useState(0);
  const [status, setStatus] = useState<Status>('saved');
  const [message, setMessage] = useState('');
  const [selection, setSelection] = useState<Selection>(null);
  const [lit, setLit] = useState<ReadonlyMap<string, string>>(new Map());
  const [follow, setFollow] = useState(true);
  const [services, setServices] = useState<ServicesView | null>(null);
  const [prompts, setPrompts] = useState<PromptsView | null>(null);
  const editor = useRef<EditorHandle>(null);
  const text = useRef('');
  const saved = useRef('');
  const drafts = useRef(new Map<string, string>());
  const sequence = useRef(0);
  const timer = useRef<number | undefined>(undefined);
  const currentRef = useRef<string | null>(null);
  currentRef.current = current;

  const refreshFlows = useCallback(() => void api.flows().then(setFlows, () => undefined), []);
  const refreshCatalogues = useCallback(() => {
    void api.services().then(setServices, () => undefined);
    void api.prompts().then(setPrompts, () => undefined);
  }, []);

  /** Checks the editor's text; saves it when it has no error (or as a draft when asked). */
  const check = useCallback(
    async (draft = false) => {
      const name = currentRef.current;
      if (!name) return;
      const mine = ++sequence.current;
      const body = text.current;
      setStatus('checking');
      try {
        const checked = await api.check(name, body);
        if (mine !== sequence.current) return;
        setView(checked);
        const errors = checked.problems.filter((problem) => problem.severity === 'error').length;
        if (body === saved.current) {
          setStatus(errors > 0 ? 'draft' : 'saved');
          return;
        }
        if (errors > 0 && !draft) {
          setStatus('invalid');
          return;
        }
        setStatus('saving');
        await api.save(name, body, draft);
        if (mine !== sequence.current) return;
        saved.current = body;
        drafts.current.delete(name);
        setStatus(errors > 0 ? 'draft' : 'saved');
        refreshFlows();
      } catch (failure) {
        if (mine !== sequence.current) return;
        setStatus('error');
        setMessage((failure as Error).message);
      }
    },
    [refreshFlows],
  );

  const open = useCallback(
    async (name: string) => {
      const leaving = currentRef.current;
      if (leaving && text.current !== saved.current) drafts.current.set(leaving, text.current);
      const loaded = await api.flow(name);
      const draft = drafts.current.get(name);
      saved.current = loaded.text;
      text.current = draft ?? loaded.text;
      currentRef.current = name;
      setCurrent(name);
      setView(loaded);
      setSelection(null);
      setEditorKey((key) => key + 1);
      setStatus(loaded.problems.some((problem) => problem.severity === 'error') ? 'draft' : 'saved');
      if (draft !== undefined) void check();
    },
    [check],
  );

  useEffect(() => {
    void api.flows().then((list) => {
      setFlows(list);
      const first = list.find((flow) => flow.name === 'virtual-reception') ?? list[0];
      if (first) void open(first.name);
    });
    refreshCatalogues();
  }, [open, refreshCatalogues]);

  // A served file changed on disk: the open flow reloads unless the designer has unsaved changes.
  useEffect(() => {
    const changes = new EventSource('/api/changes');
    changes.onmessage = (message: MessageEvent<string>) => {
      const change = JSON.parse(message.data) as { kind: string; name?: string };
      refreshFlows();
      if (change.kind !== 'flow') {
        refreshCatalogues();
        return;
      }
      if (change.name !== currentRef.current) return;
      void api.flow(change.name).then((loaded) => {
        if (loaded.text === text.current) return;
        if (text.current !== saved.current) {
          setStatus('disk-changed');
          return;
        }
        saved.current = loaded.text;
        text.current = loaded.text;
        editor.current?.setText(loaded.text, false);
        setView(loaded);
        setMessage('Reloaded: the file changed on disk.');
      });
    };
    return () => changes.close();
  }, [refreshFlows, refreshCatalogues]);

  const onChange = useCallback(
    (next: string) => {
      text.current = next;
      window.clearTimeout(timer.current);
      timer.current = window.setTimeout(() => void check(), CHECK_DELAY_MS);
    },
    [check],
  );

  const edit = useCallback((change: Edit, what: string) => {
    try {
      editor.current?.setText(change(text.current), true);
      setMessage(`Changed: ${what}`);
    } catch (failure) {
      setMessage(`Not changed: ${(failure as Error).message}`);
    }
  }, []);

  const select = useCallback(
    (next: Selection) => {
      setSelection(next);
      if (!view || !next) return;
      const target =
        'state' in next ? view.states.find((state) => state.id === next.state) : view.transitions[next.transition];
      if (!target) return;
      const following =
        'state' in next ? view.states.filter((state) => state.line > target.line).map((state) => state.line) : [];
      const end = following.length > 0 ? Math.min(...following) - 1 : target.line;
      editor.current?.reveal(target.line, Math.max(target.line, end));
    },
    [view],
  );

  const followFlow = useCallback(
    (flow: string | null) => {
      if (follow && flow && flow !== currentRef.current && flows.some((summary) => summary.name === flow))
        void open(flow);
    },
    [follow, flows, open],
  );

  const onCallEvent = useCallback(
    (event: TranscriptEvent) => {
      if (event.type !== 'state') return;
      const flow = String(event.flow);
      setLit((previous) => new Map(previous).set(flow, String(event.state)));
      followFlow(flow);
    },
    [followFlow],
  );

  const onReplayStep = useCallback(
    (states: ReadonlyMap<string, string>, flow: string | null) => {
      setLit(states);
      followFlow(flow);
    },
    [followFlow],
  );

  const active = useMemo(() => {
    const state = current ? lit.get(current) : undefined;
    return state ? activeStates(state) : new Set<string>();
  }, [lit, current]);

  const catalogue = useMemo(() => {
    const base = prompts?.catalogues.find(
      (entry) => entry.theme === 'base' && entry.language === prompts.defaultLanguage,
    );
    return base?.prompts ?? [];
  }, [prompts]);
  const languages = useMemo(() => [...new Set(prompts?.catalogues.map((entry) => entry.language) ?? [])], [prompts]);
  const problemLines = useMemo(() => view?.problems.map((problem) => problem.line) ?? [], [view]);

  return (
    <div className="studio">
      <header>
        <h1>Foyer studio</h1>
        <nav>
          {(['flows', 'services', 'prompts'] as const).map((name) => (
            <button key={name} data-page={name} className={page === name ? 'on' : ''} onClick={() => setPage(name)}>
              {PAGE_TITLES[name]}
            </button>
          ))}
        </nav>
        {page === 'flows' && current && (
          <div className="status" data-status={status}>
            <button
              data-action="undo"
              onClick={() => editor.current?.undo()}
              title="Undo the last change (chart or text)"
            >
              ↶ Undo
            </button>
            <button data-action="redo" onClick={() => editor.current?.redo()} title="Redo">
              ↷
            </button>
            <span className="state-text">{STATUS_TEXT[status]}</span>
            {status === 'invalid' && (
              <button
                data-action="save-draft"
                onClick={() => void check(true)}
                title="Write the file although it has errors"
              >
                Save draft anyway
              </button>
            )}
            {status === 'disk-changed' && (
              <button data-action="reload" onClick={() => (drafts.current.delete(current), void open(current))}>
                Reload from disk (drop my changes)
              </button>
            )}
            <span className="message">{message}</span>
          </div>
        )}
      </header>
      <main className={`page-${page}`}>
        {page === 'services' && (
          <ServicesPanel services={services} onOpen={(flow) => (setPage('flows'), void open(flow))} />
        )}
        {page === 'prompts' && <PromptsPanel prompts={prompts} />}
        <div className="flows-page" hidden={page !== 'flows'}>
          <aside className="sidebar">
            <h2>Flows</h2>
            <ul className="flow-list">
              {flows.map((flow) => (
                <li key={flow.name}>
                  <button
                    data-open-flow={flow.name}
                    className={flow.name === current ? 'on' : ''}
                    onClick={() => void open(flow.name)}
                    title={flow.description ?? ''}
                  >
                    {flow.name}
                    {flow.kind && <small> {flow.kind}</small>}
                    {flow.errors > 0 && <span className="badge error">{flow.errors}</span>}
                  </button>
                </li>
              ))}
            </ul>
            {view && (
              <Inspector view={view} selection={selection} prompts={catalogue} onEdit={edit} onSelect={select} />
            )}
          </aside>
          <section className="chart-area">
            <div className="chart" data-chart={current ?? ''}>
              {view && <FlowChart view={view} active={active} selection={selection} onSelect={select} />}
            </div>
            <div className="problem-list">
              {view && view.problems.length === 0 ? (
                <p className="ok">foyer check: no problems in {view.file}</p>
              ) : (
                <Problems
                  list={view?.problems.map(formatProblem) ?? []}
                  onPick={(index) => {
                    const line = view?.problems[index]?.line;
                    if (line) editor.current?.reveal(line);
                    setSide('yaml');
                  }}
                />
              )}
            </div>
          </section>
          <aside className="side">
            <nav className="side-tabs">
              {(['yaml', 'call', 'replay'] as const).map((name) => (
                <button key={name} data-tab={name} className={side === name ? 'on' : ''} onClick={() => setSide(name)}>
                  {name === 'yaml' ? 'YAML' : name === 'call' ? 'Try a call' : 'Replay'}
                </button>
              ))}
              <label className="follow" title="Show the flow the call or replay is in">
                <input type="checkbox" checked={follow} onChange={(event) => setFollow(event.target.checked)} /> follow
              </label>
            </nav>
            <div className="side-panel" hidden={side !== 'yaml'}>
              {current && (
                <YamlEditor
                  key={editorKey}
                  ref={editor}
                  initial={text.current}
                  problemLines={problemLines}
                  onChange={onChange}
                />
              )}
            </div>
            <div className="side-panel" hidden={side !== 'call'}>
              <Phone languages={languages} onEvent={onCallEvent} onStart={() => setLit(new Map())} />
            </div>
            <div className="side-panel" hidden={side !== 'replay'}>
              <Replay onStep={onReplayStep} />
            </div>
          </aside>
        </div>
      </main>
    </div>
  );
}

const PAGE_TITLES: Record<Page, string> = { flows: 'Flows', services: 'Services', prompts: 'Prompts' };

const STATUS_TEXT: Record<Status, string> = {
  saved: 'Saved',
  checking: 'Checking…',
  invalid: 'Not saved: the file on disk is unchanged until the problems are fixed',
  saving: 'Saving…',
  draft: 'Saved as a draft (it has errors)',
  'disk-changed': 'The file changed on disk while you were editing',
  error: 'Error',
};
