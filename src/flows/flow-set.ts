import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  defaultFlowFor,
  DEFAULT_MEETING_FLOW,
  DEFAULT_ROOM_FLOW,
  TRANSFER_FLOW,
  type Room,
  type Service,
} from '../directory/index.js';
import { LoadError, type Problem } from '../yaml/index.js';
import { loadFlowFile, type Flow } from './flow.js';
import type { ValidationContext } from './validate.js';

/** Every flow in a folder, by name (the file name without `.yaml`). */
export class FlowSet {
  private constructor(private readonly flows: ReadonlyMap<string, Flow>) {}

  static load(folder: string, context: ValidationContext): FlowSet {
    if (!existsSync(folder))
      throw new LoadError([{ file: folder, line: 0, message: 'flows folder not found', severity: 'error' }]);
    const flows = new Map<string, Flow>();
    const problems: Problem[] = [];
    for (const file of readdirSync(folder)
      .filter((name) => /\.ya?ml$/.test(name))
      .sort()) {
      try {
        const flow = loadFlowFile(join(folder, file), context);
        flows.set(flow.name, flow);
      } catch (error) {
        if (!(error instanceof LoadError)) throw error;
        problems.push(...error.problems);
      }
    }
    if (problems.length > 0) throw new LoadError(problems);
    return new FlowSet(flows);
  }

  static of(flows: readonly Flow[]): FlowSet {
    return new FlowSet(new Map(flows.map((flow) => [flow.name, flow])));
  }

  get(name: string): Flow | undefined {
    return this.flows.get(name);
  }

  names(): readonly string[] {
    return [...this.flows.keys()];
  }

  /** Every flow, in the order of names(). */
  all(): readonly Flow[] {
    return [...this.flows.values()];
  }

  /** The flow a service runs: the one it names, or its type's default. */
  forService(service: Service): Flow {
    const name = service.flow ?? defaultFlowFor(service);
    const flow = this.flows.get(name);
    if (!flow) throw new Error(`service "${service.name}" runs flow "${name}", which is not loaded`);
    return flow;
  }

  /** The flow that transfers callers admitted to a room hosted elsewhere (`transfer`). */
  transferFlowFor(room: Room): Flow {
    const flow = this.flows.get(TRANSFER_FLOW);
    if (!flow) throw new Error(`room "${room.name}" is hosted elsewhere, and flow "${TRANSFER_FLOW}" is not loaded`);
    return flow;
  }

  /** The meeting flow a room's participants run: the one it names, `meeting` otherwise; undefined when not loaded. */
  meetingFlowFor(room: Room): Flow | undefined {
    const flow = this.flows.get(room.meetingFlow ?? DEFAULT_MEETING_FLOW);
    return flow?.kind === 'meeting' ? flow : undefined;
  }

  /** The room flow a room's conference instances run: the one it names, `room` otherwise; undefined when not loaded. */
  roomFlowFor(room: Room): Flow | undefined {
    const flow = this.flows.get(room.roomFlow ?? DEFAULT_ROOM_FLOW);
    return flow?.kind === 'instance' ? flow : undefined;
  }
}
