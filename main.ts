import { runSynth } from './synth/synth';

// main.js runs from dist/, next to the Lambda bundle that `npm run build` wrote.
runSynth({ env: process.env, distDir: __dirname, cwd: process.cwd(), stdout: (text) => process.stdout.write(text) });
