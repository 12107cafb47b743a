import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadBundle, type Bundle } from '../src/bundle/index.js';
import { DEFAULTS } from '../src/config/index.js';
import { Random } from './random.js';

/** One generated meeting room: the number a caller keys at the reception, and its PINs. */
export interface LoadRoom {
  readonly number: string;
  readonly hostPin: string;
  readonly guestPin: string;
}

export interface LoadDirectory {
  readonly bundle: Bundle;
  /** The alias of the reception every caller dials. */
  readonly reception: string;
  readonly rooms: readonly LoadRoom[];
}

export const RECEPTION_ALIAS = '8000';

/**
 * Writes a services file with one reception and `count` rooms (host PIN, guest PIN, guests
 * allowed), then loads it with the shipped flows and prompts through the real loader, so the
 * benchmark runs on exactly what `foyer start` would.
 */
export function loadDirectory(count: number, seed: number): LoadDirectory {
  const random = new Random(seed ^ 0x5eed);
  const rooms: LoadRoom[] = [];
  for (let index = 0; index < count; index++) {
    const hostPin = random.digits(6);
    let guestPin = random.digits(6);
    while (guestPin === hostPin) guestPin = random.digits(6);
    rooms.push({ number: String(10_000 + index), hostPin, guestPin });
  }
  const lines = ['services:', `  - { name: Reception, type: reception, aliases: ["${RECEPTION_ALIAS}"] }`];
  for (const room of rooms) {
    lines.push(
      `  - { name: "Room ${room.number}", type: vmr, aliases: ["${room.number}"], host_pin: "${room.hostPin}", guest_pin: "${room.guestPin}", allow_guests: true, service_tag: bench }`,
    );
  }
  const folder = mkdtempSync(join(tmpdir(), 'foyer-bench-'));
  try {
    const servicesFile = join(folder, 'services.yaml');
    writeFileSync(servicesFile, `${lines.join('\n')}\n`);
    return { bundle: loadBundle({ ...DEFAULTS, servicesFile }), reception: RECEPTION_ALIAS, rooms };
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}
