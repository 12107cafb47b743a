// drachtio-fsmrf ships no typings. An ambient module cannot import Foyer's types (a relative import
// here is an error that skipLibCheck hides, leaving `any`), so the instance is `unknown` and
// src/telephony/libraries.ts gives it its shape, MrfLike from library-types.ts.
declare module 'drachtio-fsmrf' {
  const Mrf: new (srf: unknown, options?: Record<string, unknown>) => unknown;
  export default Mrf;
}
