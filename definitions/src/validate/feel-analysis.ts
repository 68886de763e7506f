/**
 * Static checks of FEEL source: does it parse, which variable names does it read. Uses feelin's
 * parser (lezer-feel), so the validator and the runtime agree on the grammar.
 *
 *   analyzeFeel('age < 30 and route = "werk"'); // { syntaxErrorAt: null, names: ['age', 'route'], ... }
 */
import { parseExpression } from 'feelin';
import { isValidDuration } from '../runtime';

export interface FeelAnalysis {
  /** Offset of the first syntax error, or null. */
  readonly syntaxErrorAt: number | null;
  /** Free variable names read (function names and names bound by for/some/every excluded). */
  readonly names: readonly string[];
  /** String literals passed to `duration(...)` that feelin will not accept. */
  readonly invalidDurations: readonly string[];
}

/** FEEL durations are ISO 8601 without weeks (feelin gives null for `duration("P6W")`). */
function isFeelDuration(literal: string): boolean {
  return isValidDuration(literal) && !literal.includes('W');
}

export function analyzeFeel(source: string): FeelAnalysis {
  const tree = parseExpression(source, {}, undefined);
  const cursor = tree.cursor();
  let syntaxErrorAt: number | null = null;
  const read = new Set<string>();
  const bound = new Set<string>(['item']);
  const invalidDurations: string[] = [];
  do {
    if (cursor.type.isError && syntaxErrorAt === null) syntaxErrorAt = cursor.from;
    const node = cursor.node;
    const text = source.slice(cursor.from, cursor.to);
    if (cursor.name === 'Name' && node.parent?.name === 'InExpression') bound.add(text);
    if (cursor.name === 'VariableName') {
      const parent = node.parent;
      const isFunctionName = parent?.name === 'FunctionInvocation' && parent.firstChild?.from === cursor.from;
      if (!isFunctionName) read.add(text);
    }
    if (cursor.name === 'StringLiteral' && node.parent?.parent?.firstChild?.name === 'DateTimeConstructor') {
      const constructorName = source.slice(node.parent.parent.firstChild.from, node.parent.parent.firstChild.to);
      const literal = text.slice(1, -1);
      if (constructorName === 'duration' && !isFeelDuration(literal)) invalidDurations.push(literal);
    }
  } while (cursor.next());
  return { syntaxErrorAt, names: [...read].filter((name) => !bound.has(name)), invalidDurations };
}
