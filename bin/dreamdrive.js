#!/usr/bin/env node
'use strict';
// Thin launcher: the CLI is compiled to dist/ by `npm run build` (run by npm start / npm test / prepare).
let main;
try {
  ({ main } = require('../dist/api/cli/main.js'));
} catch (err) {
  if (err && err.code === 'MODULE_NOT_FOUND') {
    process.stderr.write("dreamdrive: not built yet; run 'npm run build' (or npm install) first\n");
    process.exit(2);
  }
  throw err;
}
// `dreamdrive list | head` closes the pipe early: that is the reader's choice, not an error.
process.stdout.on('error', (err) => {
  if (err && err.code === 'EPIPE') process.exit(0);
  throw err;
});
main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err) => {
    process.stderr.write(`dreamdrive: internal error: ${err && err.message}\n`);
    process.exit(2);
  },
);
