// Fast paths in cdktf's token resolution, for the bundled synth app (dist/main.js; scripts/build.mjs
// applies them when it bundles cdktf, tests and the other commands use cdktf as published).
//
// cdktf resolves the whole configuration of every stack three times: once to find cross-stack
// references before any stack is written (TerraformStack.prepareStack), then each element's
// configuration, then the stack's merged configuration (TerraformStack.toTerraform). For every
// value of every object and array, resolve() makes a new context of two closures, copies its
// options, lengthens the path prefix and joins it into a string, and runs three regular expressions
// over each string and each key, even for undefined values, which most of a provider binding's
// attributes are: two thirds of a 34-region synth's time in app.synth().
//
// The fast path: a leaf that resolve() would return as it is, with no side effect, is taken as it
// is, without the recursive call. Such a leaf is undefined, null, a boolean, a number that encodes
// no token (and is not Token.NUMBER_MAP_TOKEN_VALUE, which resolve() rejects), or a string with no
// token marker ("TfToken[", common to the string, list and map markers) that is neither map
// token value (rejected too) nor matched by the number-token pattern (TokenString.forNumbers,
// left to the full path). Keys are tested the same way. The recursive call would have thrown for a
// value nested deeper than 200 levels, so the fast path is taken only above that depth. Anything
// else (objects, arrays, tokens, strings with markers) takes the full path as before. The Terraform
// JSON is byte for byte the same: test/synth/cdktf-fast-paths.process.test.ts compares what an app
// with every kind of token writes with and without these edits. 34 regions: app.synth() from about
// 310 to 200 ms, node dist/main.js from 0.64 to 0.53 s of CPU.
import { readFile } from 'node:fs/promises';

const RESOLVE_EDITS = [
  [
    'const tokenMap = token_map_1.TokenMap.instance();',
    `const tokenMap = token_map_1.TokenMap.instance();
// signin-watch (scripts/cdktf-fast-paths.mjs): what resolve() returns as it is, with no side effect.
function isPlainLeaf(x) {
    switch (typeof x) {
        case "undefined":
        case "boolean":
            return true;
        case "number":
            return x !== token_1.Token.NUMBER_MAP_TOKEN_VALUE && (0, encoding_1.extractTokenDouble)(x, false) === undefined;
        case "string":
            return (x.indexOf("TfToken[") === -1 &&
                x !== token_1.Token.STRING_MAP_TOKEN_VALUE &&
                x !== token_1.Token.ANY_MAP_TOKEN_VALUE &&
                !encoding_1.TokenString.forNumbers(x).test());
        default:
            return x === null;
    }
}`,
  ],
  ['.map((x, i) => makeContext(`${i}`)[0].resolve(x))', '.map((x, i) => (prefix.length < 200 && isPlainLeaf(x) ? x : makeContext(`${i}`)[0].resolve(x)))'],
  ['const resolvedKey = makeContext()[0].resolve(key);', 'const resolvedKey = isPlainLeaf(key) ? key : makeContext()[0].resolve(key);'],
  ['const value = makeContext(key)[0].resolve(obj[key]);', 'const raw = obj[key];\n        const value = prefix.length < 200 && isPlainLeaf(raw) ? raw : makeContext(key)[0].resolve(raw);'],
];

// TokenString.test(), which resolve() and its helpers call for every string and key: the string, list
// and map token patterns all need the text "TfToken[", so a string without it is answered without
// running the pattern (which, failing, would have reset lastIndex to 0, as this does). The number
// pattern is still run.
const ENCODING_EDITS = [
  [
    `    test() {
        this.re.lastIndex = 0; // Reset
        return this.re.test(this.str);
    }`,
    `    test() {
        this.re.lastIndex = 0; // Reset
        // signin-watch (scripts/cdktf-fast-paths.mjs): the marker patterns need "TfToken[".
        if (this.re !== NUMBER_TOKEN_REGEX && typeof this.str === "string" && this.str.indexOf("TfToken[") === -1) {
            return false;
        }
        return this.re.test(this.str);
    }`,
  ],
];

/** Applies each edit to the one place it fits; cdktf's code having changed, fails the build rather than bundle something untested. */
function edit(source, file, edits) {
  let result = source;
  for (const [from, to] of edits) {
    const at = result.indexOf(from);
    if (at < 0 || result.indexOf(from, at + 1) >= 0) {
      throw new Error(`${file}: expected "${from}" exactly once; cdktf has changed, so review scripts/cdktf-fast-paths.mjs`);
    }
    result = result.slice(0, at) + to + result.slice(at + from.length);
  }
  return result;
}

const FILES = [
  [/[\\/]cdktf[\\/]lib[\\/]tokens[\\/]private[\\/]resolve\.js$/, RESOLVE_EDITS],
  [/[\\/]cdktf[\\/]lib[\\/]tokens[\\/]private[\\/]encoding\.js$/, ENCODING_EDITS],
];

/** cdktf's file at `path` with the fast paths in it; any other file as it is. Jest's transform for cdktf uses this too (test/helpers/cdktf-transform.mjs). */
export function withFastPaths(path, source) {
  const edits = FILES.find(([pattern]) => pattern.test(path))?.[1];
  return edits === undefined ? source : edit(source, path, edits);
}

export const CDKTF_FAST_PATHS = {
  name: 'cdktf-fast-paths',
  setup(build) {
    for (const [filter] of FILES) {
      build.onLoad({ filter }, async (args) => ({ contents: withFastPaths(args.path, await readFile(args.path, 'utf8')), loader: 'js' }));
    }
  },
};
