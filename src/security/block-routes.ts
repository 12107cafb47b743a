import { z } from 'zod';
import type { AbuseGuard } from './abuse-guard.js';
import type { BlockRecord } from './abuse-store.js';

/** A block as operators see it (`GET /blocks`, `foyer blocks --json`). */
export interface BlockView {
  readonly kind: 'source' | 'room';
  readonly subject: string;
  readonly reason: string;
  readonly since: string;
  readonly until: string;
  readonly seconds_left: number;
}

export function blockView(block: BlockRecord, now: number): BlockView {
  return {
    kind: block.kind,
    subject: block.id,
    reason: block.reason,
    since: new Date(block.since).toISOString(),
    until: new Date(block.until).toISOString(),
    seconds_left: Math.max(0, Math.ceil((block.until - now) / 1000)),
  };
}

/** What lifting takes: `{"kind": "source", "subject": "198.51.100.7"}` or `{"kind": "room", "subject": "Alice's room"}`. */
export const liftRequest = z.object({ kind: z.enum(['source', 'room']), subject: z.string().min(1) }).strict();

/** The HTTP routes of blocks: list them, lift one. */
export function blockRoutes(guard: AbuseGuard, now: () => number) {
  return {
    'GET /blocks': async () => ({
      status: 200,
      body: { store: guard.storeKind, blocks: (await guard.blocks()).map((block) => blockView(block, now())) },
    }),
    'POST /blocks/lift': async (body: unknown) => {
      const request = liftRequest.safeParse(body);
      if (!request.success)
        return {
          status: 400,
          body: { error: 'send {"kind": "source" or "room", "subject": the source or the room name}' },
        };
      const lifted = await guard.lift({ kind: request.data.kind, id: request.data.subject });
      if (!lifted)
        return { status: 404, body: { error: `no block in force for ${request.data.kind} ${request.data.subject}` } };
      return { status: 200, body: { lifted: blockView(lifted, now()) } };
    },
  };
}
