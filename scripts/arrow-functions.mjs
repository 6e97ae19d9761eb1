// Rewrites arrow functions as function expressions where the two mean the same, for the
// alert Lambda's bundle. Why: Node 22's V8 (12.4) parses every arrow function in full when
// it compiles a script, and again when the function first runs, where a function
// expression is only pre-parsed (its bounds and free variables found) until it runs. The
// minified bundle has 665 arrows (the SDK's own, and the minifier makes more), many of
// which a cold start never runs: as arrows, V8 took about as long to compile the 240 KB
// minified bundle as the 600 KB unminified one. `node --log-function-events` shows the two
// kinds of parse ("parse" against "preparse-resolution"); rewritten, loading the bundle
// took about 7 ms less CPU and init plus the first invocation 6-14 ms less (interleaved
// fresh processes, Node 22; bench/cold-start.bench.ts).
//
// An arrow and a function expression differ in what `this`, `arguments`, `super` and
// `new.target` mean inside them, and a function expression can be called with `new` and
// has a `prototype`. Only arrows that use none of the four are rewritten, looking into
// nested arrows, not into other functions (but for their default values and computed
// names, evaluated outside them), and counting any class inside as a use. The bundle reads
// `prototype` only of classes and built-ins, and calls no arrow with `new`. esbuild's own
// arrow lowering (supported: { arrow: false }) is not used: it rewrites arrows in class
// fields and around `super` wrongly.
import ts from 'typescript';

/** Ranges to insert or replace text at, applied from the end of the code backwards. */
function edits(code) {
  const source = ts.createSourceFile('index.js', code, ts.ScriptTarget.Latest, true, ts.ScriptKind.JS);
  const out = [];

  /** Whether `node` uses this, arguments, super or new.target as an arrow inside it would see them. */
  function usesLexicalScope(node) {
    let uses = false;
    const visit = (child) => {
      if (uses) return;
      switch (child.kind) {
        case ts.SyntaxKind.ThisKeyword:
        case ts.SyntaxKind.SuperKeyword:
        case ts.SyntaxKind.MetaProperty:
        // A class's field initialisers and computed names see the enclosing this: counted as a use.
        case ts.SyntaxKind.ClassDeclaration:
        case ts.SyntaxKind.ClassExpression:
          uses = true;
          return;
        case ts.SyntaxKind.Identifier:
          if (child.text === 'arguments') uses = true;
          return;
        case ts.SyntaxKind.FunctionDeclaration:
        case ts.SyntaxKind.FunctionExpression:
        case ts.SyntaxKind.MethodDeclaration:
        case ts.SyntaxKind.GetAccessor:
        case ts.SyntaxKind.SetAccessor:
        case ts.SyntaxKind.Constructor:
          // Their own this and arguments; but a default parameter value or a computed name is evaluated outside.
          for (const parameter of child.parameters ?? []) ts.forEachChild(parameter, visit);
          if (child.name !== undefined && ts.isComputedPropertyName(child.name)) ts.forEachChild(child.name, visit);
          return;
        default:
          ts.forEachChild(child, visit);
      }
    };
    ts.forEachChild(node, visit);
    return uses;
  }

  const walk = (node, depth) => {
    const rewritten = ts.isArrowFunction(node) && !usesLexicalScope(node);
    if (rewritten) {
      const afterAsync = node.modifiers?.length ? node.modifiers[node.modifiers.length - 1].end : node.getStart(source);
      const head = afterAsync + (code.slice(afterAsync).match(/^\s*/)?.[0].length ?? 0);
      // "async(x)=>" and "return(x)=>" as the minifier writes them need a space before "function".
      const space = /[\w$]/.test(code[head - 1] ?? '') ? ' ' : '';
      if (code[head] === '(') {
        out.push({ at: head, text: `${space}function`, open: true, depth });
      } else {
        out.push({ at: head, text: `${space}function(`, open: true, depth });
        out.push({ at: node.parameters[0].end, text: ')', open: false, depth });
      }
      out.push({ at: node.equalsGreaterThanToken.getStart(source), remove: 2 });
      if (!ts.isBlock(node.body)) {
        out.push({ at: node.body.getStart(source), text: '{return ', open: true, depth });
        out.push({ at: node.body.end, text: '}', open: false, depth });
      }
    }
    ts.forEachChild(node, (child) => walk(child, rewritten ? depth + 1 : depth));
  };
  walk(source, 0);
  return out;
}

/** The code with its rewritable arrow functions rewritten; throws if the result does not parse. */
export function arrowsToFunctions(code) {
  // Applied from the end backwards, so that each edit's position still holds. At one
  // position: a removal first (text inserted there must stay), then insertions in the reverse
  // of their final order: closing text before opening text, and inner arrows' closing text
  // before outer ones', outer arrows' opening text before inner ones'.
  const rank = (edit) => (edit.remove !== undefined ? -1e9 : edit.open ? -edit.depth : 1e6 + edit.depth);
  const list = edits(code).sort((a, b) => b.at - a.at || rank(a) - rank(b));
  let result = code;
  for (const { at, remove = 0, text = '' } of list) result = result.slice(0, at) + text + result.slice(at + remove);
  const check = ts.createSourceFile('index.js', result, ts.ScriptTarget.Latest, false, ts.ScriptKind.JS);
  if (check.parseDiagnostics.length > 0) throw new Error(`rewriting arrow functions broke the bundle: ${check.parseDiagnostics[0].messageText}`);
  return result;
}
