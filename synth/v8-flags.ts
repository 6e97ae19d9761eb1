import { setFlagsFromString } from 'node:v8';

// Imported first by main.ts, before cdktf loads: the V8 settings of `node dist/main.js`,
// set here because npm run synth starts it as plain `node dist/main.js`.
//
// --max-opt=1: no tier above Sparkplug, V8's baseline compiler (no TurboFan, no Maglev).
// A synth runs for well under a second and runs little code twice, so optimized code is
// never paid back: TurboFan compiled cdktf's token resolution on a second thread (about a
// tenth of a 34-region synth's CPU) and its compiler zones and code kept about 12 MB of the
// 72 MB peak (npm run bench: CPU and peak memory of node dist/main.js). A tiering flag,
// read each time V8 considers optimizing a function, so setting it at run time is safe;
// the heap's sizes, by contrast, are fixed when V8 starts and cannot be set from here.
setFlagsFromString('--max-opt=1');
