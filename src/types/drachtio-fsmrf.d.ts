// drachtio-fsmrf ships no typings; Foyer types what it uses in src/telephony/library-types.ts.
declare module 'drachtio-fsmrf' {
  import type { MrfLike } from '../telephony/library-types.js';
  const Mrf: new (srf: unknown, options?: Record<string, unknown>) => MrfLike;
  export default Mrf;
}
