/**
 * Reads definition YAML into plain data plus a locator that gives the line:column of any path,
 * refusing hostile input (huge files, deep nesting, alias bombs) in bounded time and memory.
 *
 *   const parsed = parseDefinitionYaml(text);
 *   if (parsed.ok) parsed.locate(['nodes', 2, 'timeout']); // { line: 14, column: 14 }
 */
import { isCollection, isPair, isScalar, LineCounter, parseDocument, type Node as YamlNode } from 'yaml';
import type { Problem } from '../problems';

export const SOURCE_LIMITS = Object.freeze({
  /** A real trajectory is tens of kilobytes; a megabyte parses in well under a second. */
  maxBytes: 1_048_576,
  /** The deepest legitimate path is about 10 levels (sub-process → node → boundary → repeat). */
  maxDepth: 40,
  /** Anchors are handy for shared retry settings; thousands of alias expansions are an attack. */
  maxAliasCount: 200,
});

export type PathSegment = string | number;

export interface Position {
  readonly line: number;
  readonly column: number;
}

export type ParsedSource =
  | { readonly ok: true; readonly data: unknown; readonly locate: (path: readonly PathSegment[], key?: boolean) => Position }
  | { readonly ok: false; readonly problems: readonly Problem[] };

/**
 * Depth of flow collections (`[` / `{`) outside quotes, checked before the YAML parser runs,
 * because the parser's own cost grows with nesting.
 */
function flowNestingDepth(text: string): { depth: number; offset: number } {
  let depth = 0;
  let quote: string | null = null;
  for (let offset = 0; offset < text.length; offset++) {
    const char = text[offset];
    if (quote) {
      if (char === quote) quote = null;
      continue;
    }
    if (char === '"' || char === "'") quote = char;
    else if (char === '#') offset = text.indexOf('\n', offset) === -1 ? text.length : text.indexOf('\n', offset);
    else if (char === '\n') quote = null;
    else if (char === '[' || char === '{') {
      depth++;
      if (depth > SOURCE_LIMITS.maxDepth) return { depth, offset };
    } else if (char === ']' || char === '}') depth = Math.max(0, depth - 1);
  }
  return { depth, offset: -1 };
}

function deepestNode(root: YamlNode | null): { depth: number; node: YamlNode | null } {
  // Iterative, so a pathological document cannot overflow the stack here.
  const stack: Array<{ node: unknown; depth: number }> = [{ node: root, depth: 1 }];
  while (stack.length > 0) {
    const { node, depth } = stack.pop()!;
    if (depth > SOURCE_LIMITS.maxDepth) return { depth, node: node as YamlNode };
    if (isCollection(node)) {
      for (const item of node.items) {
        if (isPair(item)) stack.push({ node: item.value, depth: depth + 1 });
        else stack.push({ node: item, depth: depth + 1 });
      }
    }
  }
  return { depth: 0, node: null };
}

export function parseDefinitionYaml(text: string): ParsedSource {
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > SOURCE_LIMITS.maxBytes) {
    return refuse('INPUT_TOO_LARGE', `the file is ${bytes} bytes; definitions may be at most ${SOURCE_LIMITS.maxBytes} bytes`, 1, 1);
  }
  const lineCounter = new LineCounter();
  const flowDepth = flowNestingDepth(text);
  if (flowDepth.offset >= 0) {
    // Count lines only up to the offending bracket: cheap and good enough for a position.
    const before = text.slice(0, flowDepth.offset);
    const line = before.split('\n').length;
    return refuse('NESTING_TOO_DEEP', `nesting deeper than ${SOURCE_LIMITS.maxDepth} levels`, line, flowDepth.offset - before.lastIndexOf('\n'));
  }
  const document = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true, strict: true });
  const syntaxProblems: Problem[] = document.errors.map((error) => {
    const position = lineCounter.linePos(error.pos[0]);
    return { code: 'YAML_SYNTAX', message: error.message.split('\n')[0], line: position.line, column: position.col };
  });
  if (syntaxProblems.length > 0) return { ok: false, problems: syntaxProblems };

  const deepest = deepestNode(document.contents as YamlNode | null);
  if (deepest.node) {
    const position = lineCounter.linePos(deepest.node.range?.[0] ?? 0);
    return refuse('NESTING_TOO_DEEP', `nesting deeper than ${SOURCE_LIMITS.maxDepth} levels`, position.line, position.col);
  }

  let data: unknown;
  try {
    data = document.toJS({ maxAliasCount: SOURCE_LIMITS.maxAliasCount });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (/alias/i.test(message)) {
      return refuse('ALIAS_LIMIT_EXCEEDED', `too many alias expansions (at most ${SOURCE_LIMITS.maxAliasCount}): ${message}`, 1, 1);
    }
    return refuse('YAML_SYNTAX', message, 1, 1);
  }

  const locate = (path: readonly PathSegment[], key = false): Position => {
    // Walk down as far as the path exists; a missing property points at its parent.
    for (let length = path.length; length >= 0; length--) {
      const prefix = path.slice(0, length);
      if (key && length === path.length && length > 0) {
        const parent = prefix.length > 1 ? document.getIn(prefix.slice(0, -1), true) : document.contents;
        if (isCollection(parent)) {
          const pair = parent.items.find((item) => isPair(item) && isScalar(item.key) && item.key.value === prefix[prefix.length - 1]);
          if (pair && isPair(pair) && isScalar(pair.key) && pair.key.range) {
            const position = lineCounter.linePos(pair.key.range[0]);
            return { line: position.line, column: position.col };
          }
        }
      }
      const node = length === 0 ? document.contents : document.getIn(prefix, true);
      const range = (node as YamlNode | undefined)?.range;
      if (range) {
        const position = lineCounter.linePos(range[0]);
        return { line: position.line, column: position.col };
      }
    }
    return { line: 1, column: 1 };
  };
  return { ok: true, data, locate };
}

function refuse(code: Problem['code'], message: string, line: number, column: number): ParsedSource {
  return { ok: false, problems: [{ code, message, line, column }] };
}
