// First: the V8 settings of the synth process (see the file).
import './synth/v8-flags';
import { runSynth } from './synth/synth';

// main.js runs from dist/, next to the Lambda bundle that `npm run build` wrote.
runSynth({ env: process.env, distDir: __dirname, cwd: process.cwd(), stdout: (text) => process.stdout.write(text) });
