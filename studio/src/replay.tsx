// Replay: a saved transcript (`foyer simulate --json`, or a scenario's `--json`) stepped through
// on the chart, forwards and back; each step lights the states the call was in at that point.
import { useEffect, useMemo, useState } from 'react';
import { parseTranscript, transcriptLine, type TranscriptEvent } from './transcript.js';

interface ReplayProps {
  /** The state each flow is in after the current step (nothing before the first state). */
  readonly onStep: (states: ReadonlyMap<string, string>, flow: string | null) => void;
}

export function Replay({ onStep }: ReplayProps) {
  const [events, setEvents] = useState<TranscriptEvent[]>([]);
  const [caller, setCaller] = useState<string | null>(null);
  const [step, setStep] = useState(-1);
  const [error, setError] = useState<string | null>(null);
  const [pasted, setPasted] = useState('');

  const callers = useMemo(
    () => [...new Set(events.map((event) => event.caller).filter((who): who is string => typeof who === 'string'))],
    [events],
  );
  const shown = useMemo(
    () => (caller === null ? events : events.filter((event) => event.caller === caller || event.caller === null)),
    [events, caller],
  );

  const load = (text: string) => {
    try {
      const parsed = parseTranscript(text);
      const first = parsed.find((event) => typeof event.caller === 'string')?.caller;
      setEvents(parsed);
      setCaller(typeof first === 'string' ? first : null);
      setStep(-1);
      setError(null);
    } catch (failure) {
      setError((failure as Error).message);
    }
  };

  useEffect(() => {
    const states = new Map<string, string>();
    let flow: string | null = null;
    for (const event of shown.slice(0, step + 1)) {
      if (event.type !== 'state') continue;
      states.set(String(event.flow), String(event.state));
      flow = String(event.flow);
    }
    onStep(states, flow);
    // onStep changes with the app's render; the step is what matters.
  }, [shown, step]);

  const go = (next: number) => setStep(Math.max(-1, Math.min(shown.length - 1, next)));
  return (
    <div className="replay">
      <div className="replay-load">
        <input
          type="file"
          data-field="transcript"
          accept=".json,.jsonl,.txt,.log"
          onChange={(event) => void event.target.files?.[0]?.text().then(load)}
        />
        <textarea
          data-field="transcript-text"
          placeholder="…or paste the output of foyer simulate --json here"
          value={pasted}
          onChange={(event) => setPasted(event.target.value)}
          rows={3}
        />
        <button data-action="load-transcript" onClick={() => load(pasted)} disabled={pasted.trim() === ''}>
          Load
        </button>
      </div>
      {error && <div className="replay-error">{error}</div>}
      {callers.length > 1 && (
        <label>
          Caller{' '}
          <select
            value={caller ?? ''}
            onChange={(event) => {
              setCaller(event.target.value);
              setStep(-1);
            }}
          >
            {callers.map((who) => (
              <option key={who}>{who}</option>
            ))}
          </select>
        </label>
      )}
      {shown.length > 0 && (
        <div className="replay-controls">
          <button data-action="step-first" onClick={() => go(-1)} title="Before the first event">
            ⏮
          </button>
          <button data-action="step-back" onClick={() => go(step - 1)} disabled={step < 0} title="One event back">
            ◀
          </button>
          <span className="replay-position" data-step={step + 1}>
            {step + 1} / {shown.length}
          </span>
          <button
            data-action="step-forward"
            onClick={() => go(step + 1)}
            disabled={step >= shown.length - 1}
            title="One event forward"
          >
            ▶
          </button>
          <button data-action="step-last" onClick={() => go(shown.length - 1)} title="The last event">
            ⏭
          </button>
        </div>
      )}
      <ol className="transcript">
        {shown.map((event, index) => (
          <li
            key={index}
            data-type={event.type}
            {...(index === step && { 'data-current': 'true' })}
            className={index === step ? 'current' : index > step ? 'later' : ''}
            onClick={() => go(index)}
          >
            {transcriptLine(event)}
          </li>
        ))}
      </ol>
    </div>
  );
}
