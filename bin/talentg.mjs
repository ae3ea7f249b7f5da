#!/usr/bin/env node
// The `talentg` command: tsx compiles src/cli on the fly, so the TypeScript runs without a build step.
import { register } from 'tsx/esm/api';

register();
const { main } = await import(new URL('../src/cli/main.ts', import.meta.url).href);
// Exit explicitly: a command that has finished must not linger on a stray handle.
process.exit(await main(process.argv.slice(2)));
