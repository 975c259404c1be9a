// Double backward for convolution and pooling. Each first-order gradient is itself an op (linear in its
// inputs), so the create_graph=True pass records it and it can be differentiated again:
//   y  = Conv(x, w)        dx = ConvInputGrad(g, w)        dw = ConvWeightGrad(x, g)
// and the three close under differentiation (each one's adjoint is one of the others), as in PyTorch's
// convolution_backward / _convolution_double_backward. Max pooling's gradient scatters g to the saved
// first-maximum positions; its adjoint gathers from them. Average pooling's gradient spreads g / divisor over
// the window; its adjoint is the average pooling itself. The forward ops live in conv.ts / pool.ts and hand
// themselves over as `node.op`, so this file needs no handle on their internals beyond the window helpers.
import * as tf from '@tensorflow/tfjs-core';
import { apply, defineOp, type ForwardCtx, type Node, type OpDef } from '../autograd';
import { Tensor } from '../tensor';
import { crop, fold, foldViews, unfold, windowViews, type Window } from './conv';
import { transpose } from './permute';
import { sum } from './reduce';
import { constT } from './gradT';

const NO_SAVE: ForwardCtx = { recording: false, needs: [], save() { /* a forward run for its value only */ } };

/** Conv's parameters as conv.ts records them. */
interface ConvGeom { win: Window; groups: number; ho: number; wo: number }
/** What the gradient ops carry: the geometry, the input's shape and the convolution op itself. */
interface ConvGradP { conv: ConvGeom; xShape: number[]; wShape: number[]; fwd: OpDef<ConvGeom> }

function padZero(x: tf.Tensor4D, w: Window): tf.Tensor4D {
  const [t, b, l, r] = w.pad;
  return t || b || l || r ? tf.pad(x, [[0, 0], [0, 0], [t, b], [l, r]]) : x;
}

/** The convolution's value (no bias) through conv.ts's own forward. */
function convValue(p: ConvGradP, x: tf.Tensor, w: tf.Tensor): tf.Tensor {
  return p.fwd.forward(NO_SAVE, [x, w], p.conv);
}

/** g [N, O, Ho, Wo] as [N·Ho·Wo, O] rows. */
function gradRows(g: tf.Tensor, p: ConvGradP): tf.Tensor2D {
  const [n, o] = g.shape as [number, number];
  return tf.reshape(transpose(g, [0, 2, 3, 1]), [n * p.conv.ho * p.conv.wo, o]);
}

/** ∂L/∂x of y = conv(x, w) for the output gradient g (im2col's adjoint: matmul, then fold). */
function inputGrad(p: ConvGradP, g: tf.Tensor, w: tf.Tensor): tf.Tensor {
  const { win, groups, ho, wo } = p.conv;
  const [n, , h, wd] = p.xShape;
  const [o, cg] = p.wShape, og = o / groups, k = win.kh * win.kw;
  const gm = gradRows(g, p);
  const parts: tf.Tensor[] = [];
  for (let gi = 0; gi < groups; gi++) {
    const gg = groups === 1 ? gm : tf.slice(gm, [0, gi * og], [-1, og]);
    const wg = tf.reshape(tf.slice(w, [gi * og, 0, 0, 0], [og, cg, win.kh, win.kw]), [og, cg * k]);
    parts.push(tf.reshape(tf.matMul(gg, wg), [n, ho, wo, cg, k]));
  }
  const all = transpose(parts.length === 1 ? parts[0] : tf.concat(parts, 3), [0, 3, 1, 2, 4]) as tf.Tensor5D;
  const hp = h + win.pad[0] + win.pad[1], wp = wd + win.pad[2] + win.pad[3];
  return crop(fold(all, win, hp, wp), win, h, wd);
}

/** ∂L/∂w of y = conv(x, w) for the output gradient g (columns of x against g). */
function weightGrad(p: ConvGradP, x: tf.Tensor, g: tf.Tensor): tf.Tensor {
  const { win, groups, ho, wo } = p.conv;
  const [o, cg] = p.wShape, og = o / groups, k = win.kh * win.kw;
  const cols = unfold(padZero(x as tf.Tensor4D, win), win, ho, wo);
  const n = x.shape[0];
  const gm = gradRows(g, p);
  const parts: tf.Tensor[] = [];
  for (let gi = 0; gi < groups; gi++) {
    const part = tf.slice(cols, [0, gi * cg, 0, 0, 0], [n, cg, ho, wo, k]);
    const cm = tf.reshape(transpose(part, [0, 2, 3, 1, 4]), [n * ho * wo, cg * k]);
    const gg = groups === 1 ? gm : tf.slice(gm, [0, gi * og], [-1, og]);
    parts.push(tf.reshape(tf.matMul(gg, cm, true, false), [og, cg, win.kh, win.kw]));
  }
  return parts.length === 1 ? parts[0] : tf.concat(parts, 0);
}

/** dx = ConvInputGrad(g, w): linear in g (adjoint: the convolution) and in w (adjoint: the weight gradient). */
const ConvInputGrad: OpDef<ConvGradP> = defineOp<ConvGradP>({
  name: 'ConvolutionBackwardBackward0',
  forward: (c, [g, w], p) => { if (c.recording) c.save(g, w); return inputGrad(p, g, w); },
  backward: (n, u) => {
    const [g, w] = n.saved;
    return [n.needs[0] ? convValue(n.p, u, w) : null, n.needs[1] ? weightGrad(n.p, u, g) : null];
  },
  backwardT: (n, u) => [
    n.needs[0] ? apply(n.p.fwd, [u, n.input(1)], n.p.conv) : null,
    n.needs[1] ? apply(ConvWeightGrad, [u, n.input(0)], n.p) : null,
  ],
});

/** dw = ConvWeightGrad(x, g): linear in x (adjoint: the input gradient) and in g (adjoint: the convolution). */
const ConvWeightGrad: OpDef<ConvGradP> = defineOp<ConvGradP>({
  name: 'ConvolutionBackwardBackward0',
  forward: (c, [x, g], p) => { if (c.recording) c.save(x, g); return weightGrad(p, x, g); },
  backward: (n, v) => {
    const [x, g] = n.saved;
    return [n.needs[0] ? inputGrad(n.p, g, v) : null, n.needs[1] ? convValue(n.p, x, v) : null];
  },
  backwardT: (n, v) => [
    n.needs[0] ? apply(ConvInputGrad, [n.input(1), v], n.p) : null,
    n.needs[1] ? apply(n.p.fwd, [n.input(0), v], n.p.conv) : null,
  ],
});

/** Conv's backwardT: its three gradients as recorded engine ops. */
export function convBackwardT(node: Node<ConvGeom>, g: Tensor): (Tensor | null)[] {
  const x = node.input(0), w = node.input(1);
  const p: ConvGradP = { conv: node.p, xShape: x.shape, wShape: w.shape, fwd: node.op };
  return [
    node.needs[0] ? apply(ConvInputGrad, [g, w], p) : null,
    node.needs[1] ? apply(ConvWeightGrad, [x, g], p) : null,
    node.needs[2] ? sum(g, [0, 2, 3]) : null,
  ];
}

// ---- pooling ----------------------------------------------------------------------------------------------
/** Pooling geometry as pool.ts records it (win already padded for ceil_mode). */
interface PoolGeom { win: Window; ho: number; wo: number; h: number; w: number }

function foldBack(parts: tf.Tensor4D[], geom: PoolGeom): tf.Tensor {
  const hp = geom.h + geom.win.pad[0] + geom.win.pad[1], wp = geom.w + geom.win.pad[2] + geom.win.pad[3];
  return crop(foldViews(parts, geom.win, hp, wp), geom.win, geom.h, geom.w);
}

/** Max pooling's gradient: g to each window's first maximum (arg: the window position k per output). */
function scatterToArg(g: tf.Tensor, arg: tf.Tensor, geom: PoolGeom): tf.Tensor {
  const zeros = tf.zerosLike(g);
  const parts = Array.from({ length: geom.win.kh * geom.win.kw }, (_, k) => tf.where(tf.equal(arg, k), g, zeros) as tf.Tensor4D);
  return foldBack(parts, geom);
}

/** Its adjoint: each output position reads u at its window's first maximum. */
function gatherAtArg(u: tf.Tensor, arg: tf.Tensor, geom: PoolGeom): tf.Tensor {
  const views = windowViews(padZero(u as tf.Tensor4D, geom.win), geom.win, geom.ho, geom.wo);
  let out: tf.Tensor = tf.zerosLike(views[0]);
  views.forEach((v, k) => { out = tf.where(tf.equal(arg, k), v, out); });
  return out;
}

// The arg positions ride along as a second input without grad, so the node keeps them with its saved tensors.
const MaxPoolScatter: OpDef<PoolGeom> = defineOp<PoolGeom>({
  name: 'MaxPool2DWithIndicesBackwardBackward0',
  forward: (c, [g, arg], p) => { if (c.recording) c.save(arg); return scatterToArg(g, arg, p); },
  backward: (n, u) => [gatherAtArg(u, n.saved[0], n.p), null],
  backwardT: (n, u) => [apply(MaxPoolGather, [u, n.input(1)], n.p), null],
});
const MaxPoolGather: OpDef<PoolGeom> = defineOp<PoolGeom>({
  name: 'MaxPool2DWithIndicesBackwardBackward0',
  forward: (c, [u, arg], p) => { if (c.recording) c.save(arg); return gatherAtArg(u, arg, p); },
  backward: (n, g) => [scatterToArg(g, n.saved[0], n.p), null],
  backwardT: (n, g) => [apply(MaxPoolScatter, [g, n.input(1)], n.p), null],
});

/** MaxPool's backwardT (its saved tensor is the arg map). */
export function maxPoolBackwardT(node: Node<PoolGeom>, g: Tensor): (Tensor | null)[] {
  const arg = constT(() => tf.clone(node.saved[0]));
  return [apply(MaxPoolScatter, [g, arg], node.p)];
}

interface AvgGeom { geom: PoolGeom; div: Float32Array }
interface AvgGradP extends AvgGeom { fwd: OpDef<AvgGeom> }

function spreadOverWindows(g: tf.Tensor, p: AvgGeom): tf.Tensor {
  const per = tf.div(g, tf.tensor2d(p.div, [p.geom.ho, p.geom.wo])) as tf.Tensor4D;
  return foldBack(Array.from({ length: p.geom.win.kh * p.geom.win.kw }, () => per), p.geom);
}

const AvgPoolGrad: OpDef<AvgGradP> = defineOp<AvgGradP>({
  name: 'AvgPool2DBackwardBackward0',
  forward: (_c, [g], p) => spreadOverWindows(g, p),
  backward: (n, u) => [n.p.fwd.forward(NO_SAVE, [u], n.p)],
  backwardT: (n, u) => [apply(n.p.fwd, [u], { geom: n.p.geom, div: n.p.div })],
});

/** AvgPool's backwardT: the gradient as a recorded op whose adjoint is the pooling itself. */
export function avgPoolBackwardT(node: Node<AvgGeom>, g: Tensor): (Tensor | null)[] {
  return [apply(AvgPoolGrad, [g], { geom: node.p.geom, div: node.p.div, fwd: node.op })];
}
