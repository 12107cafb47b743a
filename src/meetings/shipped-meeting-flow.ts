import { join } from 'node:path';
import { loadFlowFile, type Flow } from '../flows/index.js';

const FLOWS = join(import.meta.dirname, '..', '..', 'flows');
const shipped = new Map<string, Flow>();

function shippedFlow(name: string): Flow {
  let flow = shipped.get(name);
  if (!flow) {
    flow = loadFlowFile(join(FLOWS, `${name}.yaml`), { hasPrompt: () => true, promptsWhere: 'not checked' });
    shipped.set(name, flow);
  }
  return flow;
}

/** The meeting flow Foyer ships (`flows/meeting.yaml`), for meetings run without a bundle's flows. */
export function shippedMeetingFlow(): Flow {
  return shippedFlow('meeting');
}

/** The room flow Foyer ships (`flows/room.yaml`), for meetings run without a bundle's flows. */
export function shippedRoomFlow(): Flow {
  return shippedFlow('room');
}
