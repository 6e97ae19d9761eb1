import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const MODULE = join(__dirname, '..', '..', 'scripts', 'arrow-functions.mjs');

/** scripts/arrow-functions.mjs is an ES module for the build script: run in Node (once: it loads TypeScript), not through jest's transform. */
function rewriteAll(codes: readonly string[]): string[] {
  const script = `import { arrowsToFunctions } from ${JSON.stringify(MODULE)}; process.stdout.write(JSON.stringify(JSON.parse(process.argv[1]).map(arrowsToFunctions)));`;
  const result = spawnSync(process.execPath, ['--input-type=module', '-e', script, JSON.stringify(codes)], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(result.stderr);
  return JSON.parse(result.stdout) as string[];
}

const REWRITES = [
  'var f=x=>y=>z;',
  'f(async(a,b)=>{await a});',
  'var g=async x=>x+1;',
  'function r(){return()=>1}',
  'var o={a:()=>({b:1}),c:(d=e=>e)=>d};',
  'var p=({a,b})=>a+b,k=(a,...b)=>[a,b];',
  'x=a?b=>c:d=>e;',
  'var n=()=>function(){return this};',
];
const KEPT = [
  'class A{f=()=>this.y;m(){return[1].map(()=>this.y)}}',
  'function q(){return(()=>arguments)()}',
  'class B extends A{g(){return(()=>super.m())()}}',
  'function n(){return(()=>new.target)()}',
  'var h=()=>class{x=this};',
  'var d=()=>function(a=this){};',
];
const PROGRAM = 'module.exports=(async()=>{const add=a=>b=>a+b;const o={v:2,m(){return[1,2].map(x=>x*this.v)}};return [add(1)(2),o.m(),await (async x=>x)(5),[3,1,2].sort((a,b)=>a-b)];})();';

describe('the Lambda bundle’s arrow functions as function expressions (scripts/arrow-functions.mjs)', () => {
  let rewritten: Map<string, string>;

  beforeAll(() => {
    const codes = [...REWRITES, ...KEPT, PROGRAM];
    rewritten = new Map(rewriteAll(codes).map((code, index) => [codes[index], code]));
  });
  const rewrite = (codes: readonly string[]) => codes.map((code) => rewritten.get(code));

  it('rewrites arrows as the minifier writes them, nested, async, destructuring, with defaults and expression bodies', () => {
    // Act
    const result = rewrite(REWRITES);

    // Assess
    expect(result).toEqual([
      'var f=function(x){return function(y){return z}};',
      'f(async function(a,b){await a});',
      'var g=async function(x){return x+1};',
      'function r(){return function(){return 1}}',
      'var o={a:function(){return ({b:1})},c:function(d=function(e){return e}){return d}};',
      'var p=function({a,b}){return a+b},k=function(a,...b){return [a,b]};',
      'x=a?function(b){return c}:function(d){return e};',
      'var n=function(){return function(){return this}};',
    ]);
  });

  it('leaves the arrows that use this, arguments, super or new.target, or hold a class, looking into other functions only for what they evaluate outside', () => {
    // Act
    const result = rewrite(KEPT);

    // Assess
    expect(result).toEqual(KEPT);
  });

  it('behaves the same once rewritten', () => {
    // Act
    const [result] = rewrite([PROGRAM]) as [string];
    const run = (source: string) => {
      const module = { exports: undefined as unknown };
      new Function('module', source)(module);
      return module.exports;
    };

    // Assess
    expect(result).not.toContain('a=>b');
    return expect(Promise.all([run(PROGRAM), run(result)])).resolves.toEqual([
      [3, [2, 4], 5, [1, 2, 3]],
      [3, [2, 4], 5, [1, 2, 3]],
    ]);
  });
});
