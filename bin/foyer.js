#!/usr/bin/env node
// Runs the TypeScript sources directly (bin/typescript.js), so `npx foyer` works on a fresh clone with no build step.
import './typescript.js';

const { main } = await import('../src/cli/index.ts');
process.exitCode = await main(process.argv);
