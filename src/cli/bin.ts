#!/usr/bin/env node
// The `elekto` executable: the process edge. Everything else is in `main`, which tests call.
import { main } from './main.js';

process.exitCode = await main(process.argv.slice(2), {
  stdout: (text) => void process.stdout.write(text),
  stderr: (text) => void process.stderr.write(text),
  env: process.env,
  cwd: process.cwd(),
});
