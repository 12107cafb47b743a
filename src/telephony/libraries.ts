import Mrf from 'drachtio-fsmrf';
import Srf from 'drachtio-srf';
import type { MrfLike, SrfLike } from './library-types.js';

/** The one place the libraries are constructed; everything else uses the typed shapes. */
export function createSrf(): SrfLike {
  // drachtio-srf's bundled typings disagree with its runtime (connect, request, events); see library-types.ts.
  return new Srf() as unknown as SrfLike;
}

export function createMrf(srf: SrfLike): MrfLike {
  // drachtio-fsmrf ships no typings; library-types.ts says how it behaves.
  return new Mrf(srf) as MrfLike;
}
