// Constant folding of loop bounds and learning rates, shared by the Python and the JavaScript/TypeScript loop
// finders: both grammars spell these operators the same (`//` exists only in Python).

export function foldUnary(op: string | undefined, v: number | undefined): number | undefined {
  return v === undefined ? undefined : op === '-' ? -v : op === '+' ? v : undefined;
}

export function foldBinary(op: string | undefined, a: number | null | undefined, b: number | null | undefined): number | undefined {
  if (a == null || b == null) return undefined;
  switch (op) {
    case '+': return a + b;
    case '-': return a - b;
    case '*': return a * b;
    case '/': return a / b;
    case '//': return Math.floor(a / b);
    case '**': return a ** b;
    default: return undefined;
  }
}
