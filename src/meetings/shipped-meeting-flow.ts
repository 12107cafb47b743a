import { join } from 'node:path';
import { loadFlowFile, type Flow } from '../flows/index.js';

const SHIPPED = join(import.meta.dirname, '..', '..', 'flows', 'meeting.yaml');
let shipped: Flow | undefined;

/** The meeting flow Foyer ships (`flows/meeting.yaml`), for meetings run without a bundle's flows. */
export function shippedMeetingFlow(): Flow {
  shipped ??= loadFlowFile(SHIPPED, { hasPrompt: () => true, promptsWhere: 'not checked' });
  return shipped;
}
