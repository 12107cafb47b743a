import type { Bundle } from '../bundle/index.js';
import { PolicyDirectory, type Directory, type ParticipantPolicy } from '../directory/index.js';
import type { SimulatedClock } from '../time/index.js';

/**
 * `bundle` as a simulation runs it when a real server stands behind it (a policy server over
 * HTTP): simulated time waits for each of its requests, so the server's real milliseconds take no
 * simulated time and no simulated deadline fires meanwhile. A bundle without one is unchanged.
 */
export function waitingForRealServers(bundle: Bundle, clock: SimulatedClock): Bundle {
  if (!(bundle.directory instanceof PolicyDirectory) && !bundle.participants) return bundle;
  const inner = bundle.directory;
  const directory: Directory = {
    lookup: (dialled, signal, caller) => clock.waitFor(inner.lookup(dialled, signal, caller)),
    services: () => inner.services(),
  };
  const participants = bundle.participants;
  const waiting: ParticipantPolicy | undefined = participants && {
    decide: (room, dialled, caller, signal) => clock.waitFor(participants.decide(room, dialled, caller, signal)),
  };
  return { ...bundle, directory, ...(waiting && { participants: waiting }) };
}
