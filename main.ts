// First: the V8 settings of the synth process (see the file).
import './synth/v8-flags';
import { runSynth } from './synth/synth';

// A reader that stops early (`npm run synth | head`) must not stop the synth: the stacks
// are its product, not the lines. Once stdout's reader is gone, the lines are dropped.
let readerGone = false;
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  // EPIPE for the write that found the reader gone, ERR_STREAM_DESTROYED for any already queued.
  if (error.code !== 'EPIPE' && error.code !== 'ERR_STREAM_DESTROYED') throw error;
  readerGone = true;
});

// main.js runs from dist/, next to the Lambda bundle that `npm run build` wrote.
runSynth({
  env: process.env,
  distDir: __dirname,
  cwd: process.cwd(),
  stdout: (text) => {
    if (!readerGone) process.stdout.write(text);
  },
});
