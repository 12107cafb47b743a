#!/usr/bin/env node
// Runs the TypeScript sources directly (tsx), so `npx foyer` works on a fresh clone with no build step.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli/index.ts');
process.exitCode = await main(process.argv);
