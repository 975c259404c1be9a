// Operators specialised per operator at compile time: the int/int and float/float cases of + - * and the
// comparisons run inline (the same JS expressions ops.ts's numeric()/compare() evaluate for them), everything
// else goes to the generic binary()/inplace()/compare(). Python ints are bigints, so results stay exact.
import type { BinaryOp, CompareOp, PyValue } from './host';
import { binary, compare, inplace } from './ops';

type Op2 = (a: PyValue, b: PyValue) => PyValue;

/** `a op b`. */
export function binaryFn(op: BinaryOp): Op2 {
  switch (op) {
    case '+': return (a, b) => {
      if (typeof a === 'bigint' && typeof b === 'bigint') return a + b;
      if (typeof a === 'number' && typeof b === 'number') return a + b;
      return binary('+', a, b);
    };
    case '-': return (a, b) => {
      if (typeof a === 'bigint' && typeof b === 'bigint') return a - b;
      if (typeof a === 'number' && typeof b === 'number') return a - b;
      return binary('-', a, b);
    };
    case '*': return (a, b) => {
      if (typeof a === 'bigint' && typeof b === 'bigint') return a * b;
      if (typeof a === 'number' && typeof b === 'number') return a * b;
      return binary('*', a, b);
    };
    default: return (a, b) => binary(op, a, b);
  }
}

/** `a op= b`: numbers have no in-place form, so their fast cases are binaryFn's. */
export function inplaceFn(op: BinaryOp): Op2 {
  if (op !== '+' && op !== '-' && op !== '*') return (a, b) => inplace(op, a, b);
  const fast = binaryFn(op);
  return (a, b) => ((typeof a === 'bigint' || typeof a === 'number') && typeof b === typeof a ? fast(a, b) : inplace(op, a, b));
}

/** `a op b` for the six ordering/equality operators. */
export function compareFn(op: CompareOp): Op2 {
  switch (op) {
    case '<': return (a, b) => (typeof a === typeof b && (typeof a === 'bigint' || typeof a === 'number') ? (a as number) < (b as number) : compare('<', a, b));
    case '<=': return (a, b) => (typeof a === typeof b && (typeof a === 'bigint' || typeof a === 'number') ? (a as number) <= (b as number) : compare('<=', a, b));
    case '>': return (a, b) => (typeof a === typeof b && (typeof a === 'bigint' || typeof a === 'number') ? (a as number) > (b as number) : compare('>', a, b));
    case '>=': return (a, b) => (typeof a === typeof b && (typeof a === 'bigint' || typeof a === 'number') ? (a as number) >= (b as number) : compare('>=', a, b));
    // Strings compare by value in JS as in Python; ints and floats of one type too (nan != nan in both).
    case '==': return (a, b) => (typeof a === typeof b && (typeof a === 'bigint' || typeof a === 'number' || typeof a === 'string') ? a === b : compare('==', a, b));
    case '!=': return (a, b) => (typeof a === typeof b && (typeof a === 'bigint' || typeof a === 'number' || typeof a === 'string') ? a !== b : compare('!=', a, b));
    default: return (a, b) => compare(op, a, b);
  }
}
