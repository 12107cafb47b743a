// Try a call: the page becomes the phone. The call runs on the server (the real session, flows,
// directory, prompts and meeting rules on the simulator's channel); the page sends keys, plays the
// prompts as they start and shows the transcript `foyer simulate` would print.
import { useEffect, useRef, useState } from 'react';
import { api, ApiError, formatProblem, type AudioEvent, type ClosedEvent } from './api.js';
import { transcriptLine, type TranscriptEvent } from './transcript.js';

const KEYS = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '*', '0', '#'];

interface PhoneProps {
  readonly languages: readonly string[];
  /** Every event of the call as it happens (the app lights states from them). */
  readonly onEvent: (event: TranscriptEvent) => void;
  readonly onStart: () => void;
}

type Phase = 'idle' | 'ringing' | 'in-call' | 'ended';

export function Phone({ languages, onEvent, onStart }: PhoneProps) {
  const [to, setTo] = useState('8000');
  const [language, setLanguage] = useState('');
  const [speed, setSpeed] = useState(1);
  const [phase, setPhase] = useState<Phase>('idle');
  const [lines, setLines] = useState<TranscriptEvent[]>([]);
  const [caption, setCaption] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [closed, setClosed] = useState<ClosedEvent | null>(null);
  const call = useRef<{ id: string; events: EventSource } | null>(null);
  const audio = useRef<HTMLAudioElement | null>(null);
  const keyQueue = useRef(Promise.resolve());
  const speedRef = useRef(speed);
  speedRef.current = speed;
  const eventRef = useRef(onEvent);
  eventRef.current = onEvent;

  const stopAudio = () => {
    audio.current?.pause();
    audio.current = null;
  };
  useEffect(() => () => hangUpQuietly(), []);

  const hangUpQuietly = () => {
    const current = call.current;
    if (!current) return;
    void api.hangup(current.id).catch(() => undefined);
  };

  const start = async () => {
    setError(null);
    setLines([]);
    setClosed(null);
    setCaption('');
    stopAudio();
    call.current?.events.close();
    let id: string;
    try {
      ({ id } = await api.startCall({ to, ...(language && { language }), speed }));
    } catch (failure) {
      const problems = failure instanceof ApiError ? failure.problems.map(formatProblem) : [];
      setError([(failure as Error).message, ...problems].join('\n'));
      return;
    }
    onStart();
    setPhase('ringing');
    const events = new EventSource(`/api/calls/${id}/events`);
    call.current = { id, events };
    events.onmessage = (message: MessageEvent<string>) => {
      const event = JSON.parse(message.data) as TranscriptEvent;
      setLines((previous) => [...previous, event]);
      if (event.type === 'dtmf') stopAudio();
      if (event.type === 'prompt') setCaption(String(event.text));
      if (event.type === 'state') setPhase('in-call');
      eventRef.current(event);
    };
    events.addEventListener('audio', (message: MessageEvent<string>) => {
      const prompt = JSON.parse(message.data) as AudioEvent;
      stopAudio();
      if (!prompt.url) return;
      const player = new Audio(prompt.url);
      player.playbackRate = speedRef.current;
      audio.current = player;
      // No sound device (a test, a server) or autoplay refused: the text still shows.
      void player.play().catch(() => undefined);
    });
    events.addEventListener('closed', (message: MessageEvent<string>) => {
      setClosed(JSON.parse(message.data) as ClosedEvent);
      setPhase('ended');
      stopAudio();
      events.close();
    });
    events.onerror = () => {
      if (events.readyState === EventSource.CLOSED) setPhase((phase) => (phase === 'ended' ? phase : 'ended'));
    };
  };

  const press = (key: string) => {
    const current = call.current;
    if (!current || phase === 'idle' || phase === 'ended') return;
    // One request after another, so keys arrive in the order pressed.
    keyQueue.current = keyQueue.current.then(() =>
      api.keys(current.id, key).then(
        () => undefined,
        () => undefined,
      ),
    );
  };

  const hangup = () => {
    stopAudio();
    hangUpQuietly();
  };

  const changeSpeed = (next: number) => {
    setSpeed(next);
    if (audio.current) audio.current.playbackRate = next;
    const current = call.current;
    if (current && phase !== 'ended') void api.speed(current.id, next).catch(() => undefined);
  };

  const live = phase === 'ringing' || phase === 'in-call';
  return (
    <div
      className="phone"
      onKeyDown={(event) =>
        live && KEYS.includes(event.key) && event.target === event.currentTarget && press(event.key)
      }
      tabIndex={-1}
    >
      <div className="phone-dial">
        <label>
          Call
          <input
            data-field="to"
            value={to}
            onChange={(event) => setTo(event.target.value)}
            placeholder="alias, e.g. 8000"
            disabled={live}
          />
        </label>
        <select
          value={language}
          onChange={(event) => setLanguage(event.target.value)}
          disabled={live}
          title="Language of the prompts"
        >
          <option value="">service's language</option>
          {languages.map((name) => (
            <option key={name}>{name}</option>
          ))}
        </select>
        {live ? (
          <button data-action="hangup" className="hangup" onClick={hangup}>
            Hang up
          </button>
        ) : (
          <button data-action="call" className="call" onClick={() => void start()} disabled={to.trim() === ''}>
            Call
          </button>
        )}
      </div>
      <div className="phone-speed" role="group" aria-label="Speed">
        {[1, 4].map((factor) => (
          <button
            key={factor}
            data-speed={factor}
            className={speed === factor ? 'on' : ''}
            onClick={() => changeSpeed(factor)}
          >
            {factor}×
          </button>
        ))}
        <span className="phase" data-phase={phase}>
          {phase === 'idle'
            ? 'Ready'
            : phase === 'ringing'
              ? 'Ringing…'
              : phase === 'in-call'
                ? 'In the call'
                : 'Call ended'}
        </span>
      </div>
      {error && <pre className="phone-error">{error}</pre>}
      <div className="caption" aria-live="polite">
        {caption}
      </div>
      <div className="keypad">
        {KEYS.map((key) => (
          <button key={key} data-key={key} onClick={() => press(key)} disabled={!live}>
            {key}
          </button>
        ))}
      </div>
      <ol className="transcript">
        {lines.map((event, index) => (
          <li key={index} data-type={event.type}>
            {transcriptLine(event)}
          </li>
        ))}
        {closed && closed.admitted && (
          <li data-type="closed">
            left the meeting: {closed.outcome} ({closed.reason})
          </li>
        )}
      </ol>
    </div>
  );
}
