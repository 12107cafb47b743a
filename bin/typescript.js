// `node --import ./bin/typescript.js file.ts`: runs Foyer's TypeScript sources directly, with
// errors' stacks pointing into them (the hooks: bin/typescript-hooks.js).
import { register } from 'node:module';

process.setSourceMapsEnabled(true);
register('./typescript-hooks.js', import.meta.url);
