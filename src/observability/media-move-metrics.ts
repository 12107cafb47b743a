import { Counter, type Registry } from 'prom-client';

/** How a move of a caller's media to the FreeSWITCH hosting its conference ended. */
export type MediaMoveResult = 'moved' | 'failed';

/** `foyer_media_moves_total`: callers' media moved to the server hosting their conference, or not. */
export class MediaMoveMetrics {
  private readonly moves: Counter<'result'>;

  constructor(registers: Registry[]) {
    this.moves = new Counter({
      name: 'foyer_media_moves_total',
      help: "Callers' media moved to the FreeSWITCH hosting their conference in the same location (moved), or left where it was by a failure (failed)",
      labelNames: ['result'],
      registers,
    });
    for (const result of ['moved', 'failed']) this.moves.inc({ result }, 0);
  }

  moved(result: MediaMoveResult): void {
    this.moves.inc({ result });
  }
}
