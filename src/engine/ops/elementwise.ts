// Element-wise ops: each OpDef holds its forward and backward. Binary ops broadcast (the backward sums the
// gradient back to each input's shape) and take Python scalars on either side (scalar variants keep the
// scalar in the node's parameters instead of making it a graph input).
import * as tf from '@tensorflow/tfjs-core';
import { apply, defineOp, type OpDef } from '../autograd';
import { EngineError, Tensor, type DType } from '../tensor';
import { broadcastShapes, isScalar, make64IfActive, num, promote, scalarTf, sumTo, type Operand, type Scalar } from './util';
import { constT, sumToT } from './gradT';
import { broadcastTo } from './broadcast';
import { toDtype64 } from '../f64/cast64';
import { clampBackwardT, clampSelect, reluBackwardT, reluSelect } from './activationGradT';
import { clampHost, reluTf } from './clampHost';

type S = { s: number };

// ---- tensor ∘ tensor -----------------------------------------------------------------------------------
const Add = defineOp<{ alpha: number }>({
  name: 'AddBackward0',
  forward: (_c, [a, b], p) => tf.add(a, p.alpha === 1 ? b : tf.mul(b, scalarTf(p.alpha))),
  backward: (n, g) => [n.needs[0] ? sumTo(g, n.inShapes[0]) : null,
    n.needs[1] ? sumTo(n.p.alpha === 1 ? g : tf.mul(g, scalarTf(n.p.alpha)), n.inShapes[1]) : null],
  backwardT: (n, g) => [n.needs[0] ? sumToT(g, n.inShapes[0]) : null,
    n.needs[1] ? sumToT(n.p.alpha === 1 ? g : mul(g, n.p.alpha), n.inShapes[1]) : null],
});
const Sub = defineOp<{ alpha: number }>({
  name: 'SubBackward0',
  forward: (_c, [a, b], p) => tf.sub(a, p.alpha === 1 ? b : tf.mul(b, scalarTf(p.alpha))),
  backward: (n, g) => [n.needs[0] ? sumTo(g, n.inShapes[0]) : null,
    n.needs[1] ? sumTo(tf.mul(g, scalarTf(-n.p.alpha)), n.inShapes[1]) : null],
  backwardT: (n, g) => [n.needs[0] ? sumToT(g, n.inShapes[0]) : null,
    n.needs[1] ? sumToT(mul(g, -n.p.alpha), n.inShapes[1]) : null],
});
const Mul = defineOp({
  name: 'MulBackward0',
  // Saves only what the needed gradients use: dL/da needs b, dL/db needs a.
  forward: (c, [a, b]) => { if (c.needs[0]) c.save(b); if (c.needs[1]) c.save(a); return tf.mul(a, b); },
  backward: (n, g) => {
    let i = 0;
    const b = n.needs[0] ? n.saved[i++] : null;
    const a = n.needs[1] ? n.saved[i++] : null;
    return [b ? sumTo(tf.mul(g, b), n.inShapes[0]) : null, a ? sumTo(tf.mul(g, a), n.inShapes[1]) : null];
  },
  backwardT: (n, g) => [n.needs[0] ? sumToT(mul(g, n.input(1)), n.inShapes[0]) : null,
    n.needs[1] ? sumToT(mul(g, n.input(0)), n.inShapes[1]) : null],
});
const Div = defineOp({
  name: 'DivBackward0',
  forward: (c, [a, b]) => { c.save(a, b); return tf.div(a, b); },
  backward: (n, g) => {
    const [a, b] = n.saved;
    return [n.needs[0] ? sumTo(tf.div(g, b), n.inShapes[0]) : null,
      n.needs[1] ? sumTo(tf.neg(tf.div(tf.mul(g, a), tf.square(b))), n.inShapes[1]) : null];
  },
  backwardT: (n, g) => {
    const a = n.input(0), b = n.input(1);
    return [n.needs[0] ? sumToT(div(g, b), n.inShapes[0]) : null,
      n.needs[1] ? sumToT(neg(div(mul(g, a), square(b))), n.inShapes[1]) : null];
  },
});
const Pow = defineOp({
  name: 'PowBackward1',
  forward: (c, [a, b]) => { const out = tf.pow(a, b); c.save(a, b, out); return out; },
  backward: (n, g) => {
    const [a, b, out] = n.saved;
    const da = n.needs[0] ? sumTo(tf.mul(g, tf.mul(b, tf.pow(a, tf.sub(b, scalarTf(1))))), n.inShapes[0]) : null;
    // PyTorch masks the exponent's gradient where base == 0 and exponent >= 0 (log(0) would give NaN).
    const db = n.needs[1]
      ? sumTo(tf.where(tf.logicalAnd(tf.equal(a, 0), tf.greaterEqual(b, 0)), tf.zerosLike(g), tf.mul(g, tf.mul(out, tf.log(a)))), n.inShapes[1])
      : null;
    return [da, db];
  },
  backwardT: (n, g) => {
    const a = n.input(0), b = n.input(1);
    const da = n.needs[0] ? sumToT(mul(g, mul(b, pow(a, sub(b, 1)))), n.inShapes[0]) : null;
    const zero = constT(() => tf.cast(tf.logicalAnd(tf.equal(a.value, 0), tf.greaterEqual(b.value, 0)), 'bool'));
    const db = n.needs[1] ? sumToT(where(zero, 0, mul(g, mul(n.output(), log(a)))), n.inShapes[1]) : null;
    return [da, db];
  },
});
const Maximum = defineOp({
  name: 'MaximumBackward0',
  forward: (c, [a, b]) => { c.save(a, b); return tf.maximum(a, b); },
  backward: (n, g) => {
    const [a, b] = n.saved;
    // Ties split the gradient evenly, as PyTorch does.
    const w = tf.add(tf.cast(tf.greater(a, b), 'float32'), tf.mul(tf.cast(tf.equal(a, b), 'float32'), 0.5));
    return [n.needs[0] ? sumTo(tf.mul(g, w), n.inShapes[0]) : null, n.needs[1] ? sumTo(tf.mul(g, tf.sub(1, w)), n.inShapes[1]) : null];
  },
  backwardT: (n, g) => extremumT(n.saved[0], n.saved[1], g, n.needs, n.inShapes, tf.greater),
});
const Minimum = defineOp({
  name: 'MinimumBackward0',
  forward: (c, [a, b]) => { c.save(a, b); return tf.minimum(a, b); },
  backward: (n, g) => {
    const [a, b] = n.saved;
    const w = tf.add(tf.cast(tf.less(a, b), 'float32'), tf.mul(tf.cast(tf.equal(a, b), 'float32'), 0.5));
    return [n.needs[0] ? sumTo(tf.mul(g, w), n.inShapes[0]) : null, n.needs[1] ? sumTo(tf.mul(g, tf.sub(1, w)), n.inShapes[1]) : null];
  },
  backwardT: (n, g) => extremumT(n.saved[0], n.saved[1], g, n.needs, n.inShapes, tf.less),
});
/** maximum/minimum's gradient as recorded ops: the tie-splitting weights are constants. */
function extremumT(a: tf.Tensor, b: tf.Tensor, g: Tensor, needs: readonly boolean[], shapes: number[][],
  wins: (a: tf.Tensor, b: tf.Tensor) => tf.Tensor): (Tensor | null)[] {
  const w = constT(() => tf.add(tf.cast(wins(a, b), 'float32'), tf.mul(tf.cast(tf.equal(a, b), 'float32'), 0.5)));
  return [needs[0] ? sumToT(mul(g, w), shapes[0]) : null, needs[1] ? sumToT(mul(g, sub(1, w)), shapes[1]) : null];
}

// ---- tensor ∘ scalar ----------------------------------------------------------------------------------
const AddS = defineOp<S>({ name: 'AddBackward0', forward: (_c, [a], p) => tf.add(a, scalarTf(p.s)), backward: (_n, g) => [g], backwardT: (_n, g) => [g] });
const RSubS = defineOp<S>({ name: 'RsubBackward1', forward: (_c, [a], p) => tf.sub(scalarTf(p.s), a), backward: (_n, g) => [tf.neg(g)], backwardT: (_n, g) => [neg(g)] });
const MulS = defineOp<S>({
  name: 'MulBackward0', forward: (_c, [a], p) => tf.mul(a, scalarTf(p.s)), backward: (n, g) => [tf.mul(g, scalarTf(n.p.s))],
  backwardT: (n, g) => [mul(g, n.p.s)],
});
const DivS = defineOp<S>({
  name: 'DivBackward0', forward: (_c, [a], p) => tf.div(a, scalarTf(p.s)), backward: (n, g) => [tf.div(g, scalarTf(n.p.s))],
  backwardT: (n, g) => [div(g, n.p.s)],
});
const RDivS = defineOp<S>({
  name: 'ReciprocalBackward0',
  forward: (c, [a], p) => { c.save(a); return tf.div(scalarTf(p.s), a); },
  backward: (n, g) => [tf.neg(tf.div(tf.mul(g, scalarTf(n.p.s)), tf.square(n.saved[0])))],
  backwardT: (n, g) => [neg(div(mul(g, n.p.s), square(n.input(0))))],
});
const PowS = defineOp<S>({
  name: 'PowBackward0',
  forward: (c, [a], p) => { c.save(a); return p.s === 2 ? tf.square(a) : p.s === 1 ? tf.clone(a) : tf.pow(a, scalarTf(p.s)); },
  backward: (n, g) => {
    const e = n.p.s;
    const a = n.saved[0];
    if (e === 0) return [tf.zerosLike(g)];
    if (e === 2) return [tf.mul(g, tf.mul(a, scalarTf(2)))];
    return [tf.mul(g, tf.mul(tf.pow(a, scalarTf(e - 1)), scalarTf(e)))];
  },
  backwardT: (n, g) => {
    const e = n.p.s;
    const a = n.input(0);
    if (e === 0) return [constT(() => tf.zerosLike(g.value))];
    if (e === 2) return [mul(g, mul(a, 2))];
    if (e === 1) return [g];
    return [mul(g, mul(pow(a, e - 1), e))];
  },
});
const RPowS = defineOp<S>({
  name: 'PowBackward2',
  forward: (c, [a], p) => { const out = tf.pow(scalarTf(p.s), a); c.save(out); return out; },
  backward: (n, g) => [n.p.s === 0 ? tf.zerosLike(g) : tf.mul(g, tf.mul(n.saved[0], scalarTf(Math.log(n.p.s))))],
  backwardT: (n, g) => [n.p.s === 0 ? constT(() => tf.zerosLike(g.value)) : mul(g, mul(n.output(), Math.log(n.p.s)))],
});

function dt(a: Operand, b: Operand): DType { return promote(a, b); }
function checkBroadcast(a: Tensor, b: Tensor): void { broadcastShapes(a.shape, b.shape); }

/** a + alpha·b (torch.add). */
export function add(a: Operand, b: Operand, alpha: Scalar = 1n): Tensor {
  const al = num(alpha);
  if (a instanceof Tensor && b instanceof Tensor) { checkBroadcast(a, b); return apply(Add, [a, b], { alpha: al }, dt(a, b)); }
  if (a instanceof Tensor) return apply(AddS, [a], { s: num(b as Scalar) * al }, dt(a, b));
  if (b instanceof Tensor) return al === 1 ? apply(AddS, [b], { s: num(a) }, dt(a, b)) : add(mul(b, al), a);
  return scalarOnly();
}
/** a − alpha·b (torch.sub). */
export function sub(a: Operand, b: Operand, alpha: Scalar = 1n): Tensor {
  const al = num(alpha);
  if (a instanceof Tensor && b instanceof Tensor) { checkBroadcast(a, b); return apply(Sub, [a, b], { alpha: al }, dt(a, b)); }
  if (a instanceof Tensor) return apply(AddS, [a], { s: -num(b as Scalar) * al }, dt(a, b));
  if (b instanceof Tensor) return al === 1 ? apply(RSubS, [b], { s: num(a) }, dt(a, b)) : sub(a, mul(b, al));
  return scalarOnly();
}
export function mul(a: Operand, b: Operand): Tensor {
  if (a instanceof Tensor && b instanceof Tensor) { checkBroadcast(a, b); return apply(Mul, [a, b], undefined, dt(a, b)); }
  if (a instanceof Tensor) return apply(MulS, [a], { s: num(b as Scalar) }, dt(a, b));
  if (b instanceof Tensor) return apply(MulS, [b], { s: num(a) }, dt(a, b));
  return scalarOnly();
}
/** True division (always float), torch.div. */
export function div(a: Operand, b: Operand): Tensor {
  if (a instanceof Tensor && b instanceof Tensor) { checkBroadcast(a, b); return apply(Div, [a, b], undefined, 'float32'); }
  if (a instanceof Tensor) return apply(DivS, [a], { s: num(b as Scalar) }, 'float32');
  if (b instanceof Tensor) return apply(RDivS, [b], { s: num(a) }, 'float32');
  return scalarOnly();
}
/** a ** b with tensor or scalar on either side. */
export function pow(a: Operand, b: Operand): Tensor {
  if (a instanceof Tensor && b instanceof Tensor) { checkBroadcast(a, b); return apply(Pow, [a, b], undefined, dt(a, b)); }
  if (a instanceof Tensor) return apply(PowS, [a], { s: num(b as Scalar) }, dt(a, b));
  if (b instanceof Tensor) return apply(RPowS, [b], { s: num(a) }, dt(a, b));
  return scalarOnly();
}
export function maximum(a: Tensor, b: Tensor): Tensor { checkBroadcast(a, b); return apply(Maximum, [a, b], undefined, dt(a, b)); }
export function minimum(a: Tensor, b: Tensor): Tensor { checkBroadcast(a, b); return apply(Minimum, [a, b], undefined, dt(a, b)); }

function scalarOnly(): never { throw new TypeError('engine op needs at least one Tensor operand'); }

// ---- no-grad binary ops (integer arithmetic, comparisons, logic) ----------------------------------------
function noGradBinary(name: string, f: (a: tf.Tensor, b: tf.Tensor) => tf.Tensor): (a: Operand, b: Operand, dtype?: DType) => Tensor {
  const op = defineOp({ name, forward: (_c, xs) => f(xs[0], xs[1]) });
  return (a, b, dtype) => {
    const ta = a instanceof Tensor ? a : null;
    const tb = b instanceof Tensor ? b : null;
    if (ta && tb) checkBroadcast(ta, tb);
    const out = dtype ?? dt(a, b);
    const A = ta ?? new Tensor(make64IfActive(num(a as Scalar)));
    const B = tb ?? new Tensor(make64IfActive(num(b as Scalar)));
    return apply(op, [A, B], undefined, out);
  };
}
const asF = (t: tf.Tensor): tf.Tensor => tf.cast(t, 'float32');
export const lt = (a: Operand, b: Operand): Tensor => cmp.lt(a, b, 'bool');
export const le = (a: Operand, b: Operand): Tensor => cmp.le(a, b, 'bool');
export const gt = (a: Operand, b: Operand): Tensor => cmp.gt(a, b, 'bool');
export const ge = (a: Operand, b: Operand): Tensor => cmp.ge(a, b, 'bool');
export const eq = (a: Operand, b: Operand): Tensor => cmp.eq(a, b, 'bool');
export const ne = (a: Operand, b: Operand): Tensor => cmp.ne(a, b, 'bool');
export const logicalAnd = (a: Operand, b: Operand): Tensor => cmp.and(a, b, 'bool');
export const logicalOr = (a: Operand, b: Operand): Tensor => cmp.or(a, b, 'bool');
export const logicalXor = (a: Operand, b: Operand): Tensor => cmp.xor(a, b, 'bool');
const cmp = {
  lt: noGradBinary('lt', (a, b) => asF(tf.less(a, b))),
  le: noGradBinary('le', (a, b) => asF(tf.lessEqual(a, b))),
  gt: noGradBinary('gt', (a, b) => asF(tf.greater(a, b))),
  ge: noGradBinary('ge', (a, b) => asF(tf.greaterEqual(a, b))),
  eq: noGradBinary('eq', (a, b) => asF(tf.equal(a, b))),
  ne: noGradBinary('ne', (a, b) => asF(tf.notEqual(a, b))),
  and: noGradBinary('logical_and', (a, b) => asF(tf.logicalAnd(tf.cast(a, 'bool'), tf.cast(b, 'bool')))),
  or: noGradBinary('logical_or', (a, b) => asF(tf.logicalOr(tf.cast(a, 'bool'), tf.cast(b, 'bool')))),
  xor: noGradBinary('logical_xor', (a, b) => asF(tf.logicalXor(tf.cast(a, 'bool'), tf.cast(b, 'bool')))),
};
/** Python's a // b (floor division) — PyTorch: no gradient. */
export const floorDivide = noGradBinary('floor_divide', (a, b) => tf.floor(tf.div(a, b)));
/** Python's a % b (sign of the divisor), torch.remainder. */
export const remainder = noGradBinary('remainder', (a, b) => tf.sub(a, tf.mul(tf.floor(tf.div(a, b)), b)));

// ---- unary ---------------------------------------------------------------------------------------------
/**
 * log(1 + x) accurate for tiny x (the wasm kernel computes log(1 + x) and returns 0 below ~6e-8): Goldberg's
 * form log(u)·x/(u − 1) with u = 1 + x, x itself where u rounds to 1, log(u) where u − 1 is x (±inf, −1).
 */
export function log1pTf(x: tf.Tensor): tf.Tensor {
  return tf.tidy(() => {
    const u = tf.add(x, scalarTf(1));
    const d = tf.sub(u, scalarTf(1));
    const lu = tf.log(u);
    return tf.where(tf.equal(u, scalarTf(1)), x, tf.where(tf.equal(d, x), lu, tf.mul(lu, tf.div(x, d))));
  });
}
type Unary = OpDef<undefined>;
/** `gradT` is the same formula in engine ops (x is the saved input or output as an engine tensor). */
function unary(name: string, f: (x: tf.Tensor) => tf.Tensor, saveOut: boolean, grad: (g: tf.Tensor, x: tf.Tensor) => tf.Tensor,
  gradT: (g: Tensor, x: Tensor) => Tensor): Unary {
  return defineOp({
    name,
    forward: (c, [x]) => { const out = f(x); if (c.recording) c.save(saveOut ? out : x); return out; },
    backward: (n, g) => [grad(g, n.saved[0])],
    backwardT: (n, g) => [gradT(g, saveOut ? n.output() : n.input(0))],
  });
}
const zerosGrad = (g: tf.Tensor): tf.Tensor => tf.zerosLike(g);
const zerosGradT = (g: Tensor): Tensor => constT(() => tf.zerosLike(g.value));
const U = {
  neg: defineOp({ name: 'NegBackward0', forward: (_c, [x]) => tf.neg(x), backward: (_n, g) => [tf.neg(g)], backwardT: (_n, g) => [neg(g)] }),
  exp: unary('ExpBackward0', tf.exp, true, (g, out) => tf.mul(g, out), (g, out) => mul(g, out)),
  log: unary('LogBackward0', tf.log, false, (g, x) => tf.div(g, x), (g, x) => div(g, x)),
  log1p: unary('Log1PBackward0', log1pTf, false, (g, x) => tf.div(g, tf.add(x, scalarTf(1))), (g, x) => div(g, add(x, 1))),
  expm1: unary('Expm1Backward0', tf.expm1, true, (g, out) => tf.mul(g, tf.add(out, scalarTf(1))), (g, out) => mul(g, add(out, 1))),
  sin: unary('SinBackward0', tf.sin, false, (g, x) => tf.mul(g, tf.cos(x)), (g, x) => mul(g, cos(x))),
  cos: unary('CosBackward0', tf.cos, false, (g, x) => tf.neg(tf.mul(g, tf.sin(x))), (g, x) => neg(mul(g, sin(x)))),
  abs: unary('AbsBackward0', tf.abs, false, (g, x) => tf.mul(g, tf.sign(x)), (g, x) => mul(g, constT(() => tf.sign(x.value)))),
  sqrt: unary('SqrtBackward0', tf.sqrt, true, (g, out) => tf.div(g, tf.mul(out, scalarTf(2))), (g, out) => div(g, mul(out, 2))),
  rsqrt: unary('RsqrtBackward0', tf.rsqrt, true, (g, out) => tf.mul(g, tf.mul(tf.pow(out, scalarTf(3)), scalarTf(-0.5))),
    (g, out) => mul(g, mul(pow(out, 3), -0.5))),
  reciprocal: unary('ReciprocalBackward0', tf.reciprocal, true, (g, out) => tf.neg(tf.mul(g, tf.square(out))), (g, out) => neg(mul(g, square(out)))),
  square: unary('PowBackward0', tf.square, false, (g, x) => tf.mul(g, tf.mul(x, scalarTf(2))), (g, x) => mul(g, mul(x, 2))),
  // relu's gradient is +0 where the result is <= 0 (threshold_backward on the result: 0 at 0, unlike clamp(min=0)'s).
  relu: unary('ReluBackward0', reluTf, true, (g, out) => reluSelect(g, out, undefined), reluBackwardT),
  sigmoid: unary('SigmoidBackward0', tf.sigmoid, true, (g, out) => tf.mul(g, tf.mul(out, tf.sub(scalarTf(1), out))),
    (g, out) => mul(g, mul(out, sub(1, out)))),
  tanh: unary('TanhBackward0', tf.tanh, true, (g, out) => tf.mul(g, tf.sub(scalarTf(1), tf.square(out))),
    (g, out) => mul(g, sub(1, square(out)))),
  sign: unary('SignBackward0', tf.sign, false, zerosGrad, zerosGradT),
  floor: unary('FloorBackward0', tf.floor, false, zerosGrad, zerosGradT),
  ceil: unary('CeilBackward0', tf.ceil, false, zerosGrad, zerosGradT),
  round: unary('RoundBackward0', tf.round, false, zerosGrad, zerosGradT),
  trunc: unary('TruncBackward0', (x) => tf.mul(tf.sign(x), tf.floor(tf.abs(x))), false, zerosGrad, zerosGradT),
};
const floatOut = (x: Tensor): DType => (x.dtype === 'float32' ? 'float32' : 'float32');
const keepOut = (x: Tensor): DType => x.dtype;
export const neg = (x: Tensor): Tensor => apply(U.neg, [x], undefined, keepOut(x));
export const exp = (x: Tensor): Tensor => apply(U.exp, [x], undefined, floatOut(x));
export const log = (x: Tensor): Tensor => apply(U.log, [x], undefined, floatOut(x));
export const log1p = (x: Tensor): Tensor => apply(U.log1p, [x], undefined, floatOut(x));
export const expm1 = (x: Tensor): Tensor => apply(U.expm1, [x], undefined, floatOut(x));
export const sin = (x: Tensor): Tensor => apply(U.sin, [x], undefined, floatOut(x));
export const cos = (x: Tensor): Tensor => apply(U.cos, [x], undefined, floatOut(x));
export const abs = (x: Tensor): Tensor => apply(U.abs, [x], undefined, keepOut(x));
export const sqrt = (x: Tensor): Tensor => apply(U.sqrt, [x], undefined, floatOut(x));
export const rsqrt = (x: Tensor): Tensor => apply(U.rsqrt, [x], undefined, floatOut(x));
export const reciprocal = (x: Tensor): Tensor => apply(U.reciprocal, [x], undefined, floatOut(x));
export const square = (x: Tensor): Tensor => apply(U.square, [x], undefined, keepOut(x));
export const relu = (x: Tensor): Tensor => apply(U.relu, [x], undefined, keepOut(x));
export const sigmoid = (x: Tensor): Tensor => apply(U.sigmoid, [x], undefined, floatOut(x));
export const tanh = (x: Tensor): Tensor => apply(U.tanh, [x], undefined, floatOut(x));
export const sign = (x: Tensor): Tensor => apply(U.sign, [x], undefined, keepOut(x));
export const floor = (x: Tensor): Tensor => apply(U.floor, [x], undefined, keepOut(x));
export const ceil = (x: Tensor): Tensor => apply(U.ceil, [x], undefined, keepOut(x));
export const round = (x: Tensor): Tensor => apply(U.round, [x], undefined, keepOut(x));
export const trunc = (x: Tensor): Tensor => apply(U.trunc, [x], undefined, keepOut(x));

const LogicalNot = defineOp({ name: 'logical_not', forward: (_c, [x]) => tf.cast(tf.equal(x, 0), 'float32') });
export const logicalNot = (x: Tensor): Tensor => apply(LogicalNot, [x], undefined, 'bool');

// ---- clamp / where / cast ------------------------------------------------------------------------------
type ClampP = { min: number | null; max: number | null };
const Clamp = defineOp<ClampP>({
  name: 'ClampBackward1',
  forward: (c, [x], p) => {
    if (c.recording) c.save(x);
    // On wasm float32, PyTorch's rule on the host (clampHost.ts: wasm's clip loses NaN and -0). The CPU backends'
    // clip keeps NaN like PyTorch; min > max gives max everywhere.
    const lo = p.min ?? -Infinity, hi = p.max ?? Infinity;
    return clampHost(x, lo, hi) ?? (lo > hi ? tf.fill(x.shape, hi, 'float32') : tf.clipByValue(x, lo, hi));
  },
  // PyTorch: g where min <= x <= max (inclusive), +0 elsewhere.
  backward: (n, g) => [clampSelect(g, n.saved[0], n.p)],
  backwardT: (n, g) => [clampBackwardT(n, g)],
});
const FLT_MAX = 3.4028234663852886e38;
const INT64_MIN = -(2n ** 63n), INT64_MAX = 2n ** 63n - 1n;
/** PyTorch converts a bound to the result's type, checked: a Python int past int64, or a finite float beyond
 *  float32's range for a float32 result (1e40, even 3.4028235e38: the check compares with FLT_MAX, no rounding). */
function checkClampBound(v: Scalar | null, d: DType): void {
  if (typeof v === 'bigint' && (v < INT64_MIN || v > INT64_MAX)) throw new EngineError('RuntimeError', 'Overflow when unpacking long');
  if (d === 'float32' && typeof v === 'number' && Number.isFinite(v) && Math.abs(v) > FLT_MAX) {
    throw new EngineError('RuntimeError', 'value cannot be converted to type float without overflow');
  }
}
/** torch.clamp(x, min=None, max=None) with Python-number bounds. */
export function clamp(x: Tensor, min: Scalar | null = null, max: Scalar | null = null): Tensor {
  if (min === null && max === null) throw new TypeError("torch.clamp: At least one of 'min' or 'max' must not be None");
  const d: DType = x.dtype === 'float32' || (min !== null && typeof min === 'number') || (max !== null && typeof max === 'number') ? 'float32' : x.dtype;
  // A float64 input stays float64 (apply keeps it on cpu64), where any Python float fits.
  const rd: DType = x.dtype === 'float64' ? 'float64' : d;
  checkClampBound(min, rd);
  checkClampBound(max, rd);
  return apply(Clamp, [x], { min: min === null ? null : num(min), max: max === null ? null : num(max) }, d);
}

const Where = defineOp({
  name: 'WhereBackward0',
  forward: (c, [cond, a, b]) => {
    const m = tf.cast(cond, 'bool');
    if (c.recording) c.save(cond);
    const shape = broadcastShapes(broadcastShapes(cond.shape, a.shape), b.shape);
    return tf.where(broadcastTo(m, shape), broadcastTo(a, shape), broadcastTo(b, shape));
  },
  backward: (n, g) => {
    const m = broadcastTo(tf.cast(n.saved[0], 'bool'), g.shape);
    const z = tf.zerosLike(g);
    return [null, n.needs[1] ? sumTo(tf.where(m, g, z), n.inShapes[1]) : null, n.needs[2] ? sumTo(tf.where(m, z, g), n.inShapes[2]) : null];
  },
  backwardT: (n, g) => {
    const m = new Tensor(n.saved[0], 'bool');
    return [null, n.needs[1] ? sumToT(where(m, g, 0), n.inShapes[1]) : null, n.needs[2] ? sumToT(where(m, 0, g), n.inShapes[2]) : null];
  },
});
/** torch.where(cond, a, b) */
export function where(cond: Tensor, a: Operand, b: Operand): Tensor {
  const ta = a instanceof Tensor ? a : new Tensor(make64IfActive(num(a)), typeof a === 'bigint' ? 'int64' : 'float32');
  const tb = b instanceof Tensor ? b : new Tensor(make64IfActive(num(b)), typeof b === 'bigint' ? 'int64' : 'float32');
  return apply(Where, [cond, ta, tb], undefined, promote(ta, tb));
}

const Cast = defineOp<{ to: DType }>({
  name: 'ToCopyBackward0',
  converts: true,
  forward: (_c, [x], p) => (p.to === 'float32' ? tf.clone(x) : p.to === 'int64' ? tf.mul(tf.sign(x), tf.floor(tf.abs(x))) : tf.cast(tf.notEqual(x, 0), 'float32')),
  backward: (_n, g) => [g],
  backwardT: (_n, g) => [g],
});
/** Tensor.to(dtype) / .float() / .long() / .bool(): int64 truncates toward zero, bool is x != 0. */
export function toDtype(x: Tensor, to: DType): Tensor {
  if (x.dtype === to) return x;
  if (to === 'float64' || x.dtype === 'float64') return toDtype64(x, to);
  return apply(Cast, [x], { to }, to);
}

export { isScalar };
