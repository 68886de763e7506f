/**
 * What a FEEL expression evaluates to, as far as the declared types of the facts (and of a
 * milestone's payload or an activity's result) tell, and the mistakes a policy officer makes that
 * still parse: `outcome == "werk"` (FEEL's equality is `=`; lezer-feel reads `== "werk"` as a unary
 * test and feelin then compares with a boolean), comparing a date fact with a string, or a
 * condition that is a number. Unknown stays unknown: nothing is reported on a guess.
 *
 *   feelTypeProblems('housingDate < "2020-01-01"', typeOfName); // [{ kind: 'comparison', … }]
 *   inferFeelType('housingDate + duration("P1M")', typeOfName); // 'date'
 */
import { parseExpression } from 'feelin';

export type FeelType = 'date' | 'string' | 'number' | 'boolean' | 'duration' | 'unknown';

/** The type of a name (`housingDate`) or path (`payload.route`); undefined when not known. */
export type TypeOfName = (name: string) => FeelType | undefined;

export interface FeelTypeProblem {
  readonly kind: 'doubleEquals' | 'comparison';
  readonly message: string;
}

interface SyntaxNode {
  readonly name: string;
  readonly from: number;
  readonly to: number;
  readonly firstChild: SyntaxNode | null;
  readonly nextSibling: SyntaxNode | null;
}

const children = (node: SyntaxNode): SyntaxNode[] => {
  const list: SyntaxNode[] = [];
  for (let child = node.firstChild; child; child = child.nextSibling) list.push(child);
  return list;
};

const BOOLEAN_FUNCTIONS = new Set(['not', 'is defined', 'contains', 'starts with', 'ends with', 'matches', 'list contains', 'all', 'any']);

class Analysis {
  readonly problems: FeelTypeProblem[] = [];
  constructor(
    private readonly source: string,
    private readonly typeOfName: TypeOfName,
  ) {}

  text(node: SyntaxNode): string {
    return this.source.slice(node.from, node.to);
  }

  typeOf(node: SyntaxNode): FeelType {
    const parts = children(node);
    switch (node.name) {
      case 'Expression':
      case 'ParenthesizedExpression':
        return parts.length === 1 ? this.typeOf(parts[0]) : parts.filter((part) => part.name !== '(' && part.name !== ')').map((part) => this.typeOf(part))[0] ?? 'unknown';
      case 'StringLiteral':
        return 'string';
      case 'NumericLiteral':
        return 'number';
      case 'BooleanLiteral':
        return 'boolean';
      case 'DateTimeLiteral': {
        parts.slice(1).forEach((part) => this.typeOf(part));
        const constructor = parts[0] ? this.text(parts[0]) : '';
        return constructor === 'date' ? 'date' : constructor === 'duration' ? 'duration' : 'unknown';
      }
      case 'VariableName':
        return this.typeOfName(this.text(node)) ?? 'unknown';
      case 'PathExpression':
        return this.typeOfName(this.text(node).replace(/\s+/g, '')) ?? 'unknown';
      case 'Conjunction':
      case 'Disjunction':
        parts.forEach((part) => this.typeOf(part));
        return 'boolean';
      case 'Comparison':
        this.comparison(node, parts);
        return 'boolean';
      case 'ArithmeticExpression':
        return this.arithmetic(parts);
      case 'FunctionInvocation': {
        parts.slice(1).forEach((part) => this.typeOf(part));
        return BOOLEAN_FUNCTIONS.has(parts[0] ? this.text(parts[0]) : '') ? 'boolean' : 'unknown';
      }
      case 'IfExpression': {
        const [, , condition, , thenBranch, , elseBranch] = parts;
        if (condition) this.typeOf(condition);
        const types = [thenBranch, elseBranch].filter(Boolean).map((branch) => this.typeOf(branch));
        return types.length === 2 && types[0] === types[1] ? types[0] : 'unknown';
      }
      default:
        parts.forEach((part) => this.typeOf(part));
        return 'unknown';
    }
  }

  private comparison(node: SyntaxNode, parts: readonly SyntaxNode[]): void {
    const [left, operator, right] = parts;
    if (!left || !operator || !right) return;
    const leftType = this.typeOf(left);
    // `a == "x"` parses as `a` compared (`=`) with the unary test `= "x"`.
    if (right.name === 'SimplePositiveUnaryTest' && children(right)[0]?.name === 'CompareOp') {
      this.problems.push({ kind: 'doubleEquals', message: `FEEL '${this.text(node)}' uses '${this.text(operator)}${this.text(children(right)[0])}'; FEEL compares with a single '=' (and '!=' for not equal)` });
      return;
    }
    if (operator.name !== 'CompareOp') {
      children(right).forEach((part) => this.typeOf(part));
      return;
    }
    const rightType = this.typeOf(right);
    if (leftType !== 'unknown' && rightType !== 'unknown' && leftType !== rightType) {
      const hint = leftType === 'date' && rightType === 'string' || leftType === 'string' && rightType === 'date' ? ' (write date("YYYY-MM-DD") for a date)' : '';
      this.problems.push({ kind: 'comparison', message: `FEEL '${this.text(node)}' compares a ${leftType} with a ${rightType}, which is never true${hint}` });
    }
  }

  private arithmetic(parts: readonly SyntaxNode[]): FeelType {
    if (parts.length === 2) return this.typeOf(parts[1]) === 'number' ? 'number' : 'unknown'; // -x
    const [left, operator, right] = parts;
    if (!left || !operator || !right) return 'unknown';
    const leftType = this.typeOf(left);
    const rightType = this.typeOf(right);
    const op = this.text(operator);
    if (leftType === 'number' && rightType === 'number') return 'number';
    if (leftType === 'date' && rightType === 'duration' && (op === '+' || op === '-')) return 'date';
    if (leftType === 'duration' && rightType === 'date' && op === '+') return 'date';
    if (leftType === 'date' && rightType === 'date' && op === '-') return 'duration';
    if (leftType === 'string' && rightType === 'string' && op === '+') return 'string';
    return 'unknown';
  }
}

/** The type of the whole expression and the mistakes in it (empty for FEEL that does not parse). */
export function analyzeFeelTypes(source: string, typeOfName: TypeOfName): { readonly type: FeelType; readonly problems: readonly FeelTypeProblem[] } {
  const tree = parseExpression(source, {}, undefined);
  const analysis = new Analysis(source, typeOfName);
  const type = analysis.typeOf(tree.topNode as unknown as SyntaxNode);
  return { type, problems: analysis.problems };
}
