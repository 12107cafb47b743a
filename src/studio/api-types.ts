// The studio's JSON API, shared by the server (src/studio) and the page (studio/): types only, so the
// page's bundle takes nothing else from the server's code.

export type YamlPath = readonly (string | number)[];

/** One problem as `foyer check` reports it: `file:line: message`. */
export interface ApiProblem {
  /** Relative to the folder the studio was started in when inside it. */
  readonly file: string;
  readonly line: number;
  readonly message: string;
  readonly severity: 'error' | 'warning';
}

/** `GET /api/flows`: one row per flow file. */
export interface FlowSummary {
  readonly name: string;
  readonly file: string;
  readonly description: string | null;
  /** The flow's top-level `kind:` (for example `meeting`); null for a call flow. */
  readonly kind: string | null;
  readonly errors: number;
  readonly warnings: number;
}

export interface ApiRef {
  readonly name: string;
  readonly params: Readonly<Record<string, unknown>> | null;
}

export interface ApiState {
  /** Dotted path from the top of the flow. */
  readonly id: string;
  readonly name: string;
  readonly parent: string | null;
  readonly type: 'atomic' | 'compound' | 'final';
  readonly initial: boolean;
  readonly line: number;
  readonly path: YamlPath;
  readonly description: string | null;
  readonly entry: readonly ApiRef[];
  readonly invokes: readonly {
    readonly id: string;
    readonly src: string;
    readonly prompts: readonly string[];
    readonly path: YamlPath;
  }[];
  readonly output: Readonly<Record<string, unknown>> | null;
}

export interface ApiTransition {
  /** null: declared at the top of the flow (applies in every state). */
  readonly from: string | null;
  readonly to: string | null;
  readonly kind: 'event' | 'after' | 'always' | 'done' | 'error';
  /** What the chart labels it with: the event, `after 10s`, `always`, `done: lookup`... */
  readonly event: string;
  readonly guard: ApiRef | null;
  readonly delay: { readonly name: string; readonly value: string } | null;
  readonly actions: readonly ApiRef[];
  readonly line: number;
  readonly path: YamlPath;
}

export interface ApiSetting {
  readonly name: string;
  readonly value: unknown;
  readonly line: number;
}

/** `GET /api/flows/:name` and `POST /api/flows/:name/check`. */
export interface FlowView {
  readonly name: string;
  readonly file: string;
  readonly text: string;
  /** Empty when the YAML cannot be read at all. */
  readonly initial: string | null;
  readonly states: readonly ApiState[];
  readonly transitions: readonly ApiTransition[];
  readonly settings: readonly ApiSetting[];
  readonly problems: readonly ApiProblem[];
}

/** `GET /api/services`: what a designer needs to try a call, never a PIN. */
export interface ServiceView {
  readonly name: string;
  readonly type: 'vmr' | 'auditorium' | 'reception';
  readonly aliases: readonly string[];
  readonly flow: string;
  /** Flows with a `kind:` of meeting or participant: what runs once a caller is in the room. */
  readonly meetingFlows: readonly string[];
  readonly hostPinSet: boolean;
  readonly guestPinSet: boolean;
  readonly allowGuests: boolean;
  readonly theme: string | null;
  readonly language: string | null;
}

export interface ServicesView {
  readonly file: string;
  readonly services: readonly ServiceView[];
  readonly problems: readonly ApiProblem[];
}

export interface PromptView {
  readonly id: string;
  readonly text: string;
  readonly durationMs: number;
  /** URL of the audio, one per part for a prompt composed with values; empty when there is none. */
  readonly audio: readonly string[];
  readonly line: number;
  readonly problems: readonly ApiProblem[];
}

/** `GET /api/prompts`: every theme and language. */
export interface PromptsView {
  readonly defaultLanguage: string;
  readonly catalogues: readonly {
    readonly theme: string;
    readonly language: string;
    readonly file: string;
    readonly prompts: readonly PromptView[];
  }[];
  /** Problems not tied to one prompt (a missing catalogue, a prompt missing in a language). */
  readonly problems: readonly ApiProblem[];
}

/** `POST /api/calls` body. */
export interface CallRequest {
  readonly to: string;
  readonly from?: string;
  readonly language?: string;
  /** 1 (real time) or faster; 1 by default. */
  readonly speed?: number;
}

/** A prompt starting on the call's channel (SSE event `audio`): what the page plays. */
export interface AudioEvent {
  readonly id: string;
  readonly text: string;
  readonly url: string | null;
  readonly durationMs: number;
}

/** The call left Foyer (SSE event `closed`): after its IVR end line, once it left the meeting too. */
export interface ClosedEvent {
  readonly outcome: string;
  readonly reason: string;
  readonly admitted: boolean;
}

/** `GET /api/changes`: a file the studio serves changed on disk. */
export interface ChangeEvent {
  readonly kind: 'flow' | 'prompts' | 'services';
  /** The flow's name for `flow`. */
  readonly name?: string;
}
