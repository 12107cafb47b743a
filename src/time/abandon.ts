/**
 * Lets go of a promise whose outcome no longer matters to anyone: the loser of a race against a
 * deadline or the call's end. It may still reject later; that rejection is expected, carries no news,
 * and must not surface as an unhandled rejection (which would end the process). Use it only for that:
 * a failure someone should hear of is logged where it happens instead.
 */
export function abandon(promise: Promise<unknown>): void {
  promise.catch(ignore);
}

function ignore(): void {
  // Deliberately nothing: see abandon().
}
