import { basename, extname } from 'node:path';
import type { AnyStateMachine } from 'xstate';
import { LoadError, YamlSource } from '../yaml/index.js';
import { buildMachine } from './build.js';
import { buildMeetingMachine } from './build-meeting.js';
import { buildRoomMachine } from './build-room.js';
import { flowKind, type FlowKind } from './flow-kind.js';
import { eventlessLoops } from './eventless-loops.js';
import { readSettings, type FlowSettings } from './settings.js';
import { validateFlow, type ValidationContext } from './validate.js';

/** A loaded, validated flow: what runs for each call of a service that names it. */
export interface Flow {
  readonly name: string;
  readonly file: string;
  readonly settings: FlowSettings;
  /** What the flow is for, from how it ends (undefined: neither clearly). */
  readonly kind: FlowKind | undefined;
  /** The config as written (for tools: check, graph). */
  readonly config: Readonly<Record<string, unknown>>;
  readonly machine: AnyStateMachine;
}

const BUILDERS: Record<
  FlowKind,
  (name: string, config: Record<string, unknown>, settings: FlowSettings) => AnyStateMachine
> = { reception: buildMachine, room: buildMachine, meeting: buildMeetingMachine, instance: buildRoomMachine };

/** Loads one flow file. Throws LoadError with every problem (file, line, cause). */
export function loadFlowFile(file: string, context: ValidationContext): Flow {
  return parseFlow(YamlSource.read(file), context);
}

export function parseFlow(source: YamlSource, context: ValidationContext): Flow {
  const name = basename(source.file, extname(source.file));
  const problems = validateFlow(source, name, context);
  if (!problems.some((problem) => problem.severity === 'error')) problems.push(...eventlessLoops(source, name));
  if (problems.some((problem) => problem.severity === 'error')) throw new LoadError(problems);
  const config = source.data as Record<string, unknown>;
  const settings = readSettings((config.settings ?? {}) as Record<string, string | number | boolean>);
  const kind = flowKind(config);
  let machine: AnyStateMachine;
  try {
    machine = BUILDERS[kind ?? 'room'](name, config, settings);
  } catch (error) {
    throw new LoadError([
      {
        file: source.file,
        line: 0,
        message: `XState refused the flow: ${(error as Error).message}`,
        severity: 'error',
      },
    ]);
  }
  return { name, file: source.file, settings, kind, config, machine };
}
