#!/usr/bin/env node
// Runs the compiled CLI (built by `npm install` through the `prepare` script).
import { main } from "../dist/src/cli/main.js";

// A failed write of the results (a full disk, a closed pipe) is one line on stderr and exit
// code 2, never an unhandled stream error with a stack trace.
let outputError = null;
process.stdout.on("error", (err) => {
  if (outputError !== null) return;
  outputError = err;
  const reason = err.code === "EPIPE" ? "the reader closed the pipe (EPIPE)" : err.code === "ENOSPC" ? "no space left on device (ENOSPC)" : err.message;
  process.stderr.write(`paging-lab: cannot write the results to standard output: ${reason}\n`);
  process.exitCode = 2;
});

main(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr }).then(
  (code) => {
    process.exitCode = outputError !== null ? 2 : code;
  },
  (err) => {
    process.stderr.write(`paging-lab: internal error: ${err && err.stack ? err.stack : err}\n`);
    process.exitCode = 1;
  },
);
