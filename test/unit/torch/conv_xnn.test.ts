// Convolutions with several input channels run on wasm's XNNPACK Conv2D (forward, and at stride 1 the input
// gradient; src/engine/ops/convXnn.ts), in XNNPACK's summation order: outputs and every gradient against real
// PyTorch 1.13 within float32 rounding, for each geometry that takes the route and each that falls back to
// im2col (groups, stride with dilation, small convolutions, other backends); which route each takes is checked too.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { setup } from './snippet';
import { same } from './oracle_same';
import { outSize, type Window } from '../../../src/engine/ops/conv';
import { nhwcConv, nhwcInputGrad } from '../../../src/engine/ops/convXnn';

before(setup);

interface Case {
  x: number[]; w: number[];
  /** F.conv2d's keyword arguments. */
  args: string;
  win: Window; groups: number;
  /** Whether XNNPACK runs the forward / the input gradient (on wasm). */
  fwd: boolean; dx: boolean;
}

const win = (k: [number, number], s: [number, number], d: [number, number], pad: [number, number, number, number]): Window =>
  ({ kh: k[0], kw: k[1], sh: s[0], sw: s[1], dh: d[0], dw: d[1], pad });

const CASES: Case[] = [
  { x: [2, 8, 10, 10], w: [16, 8, 3, 3], args: 'padding=1', win: win([3, 3], [1, 1], [1, 1], [1, 1, 1, 1]), groups: 1, fwd: true, dx: true },
  { x: [4, 8, 13, 12], w: [16, 8, 3, 3], args: 'stride=2, padding=1', win: win([3, 3], [2, 2], [1, 1], [1, 1, 1, 1]), groups: 1, fwd: true, dx: false },
  { x: [2, 6, 12, 11], w: [12, 6, 3, 3], args: 'dilation=2, padding=2', win: win([3, 3], [1, 1], [2, 2], [2, 2, 2, 2]), groups: 1, fwd: true, dx: true },
  // PyTorch pads 'same' with an even kernel one more at the bottom / right.
  { x: [4, 5, 10, 10], w: [12, 5, 4, 2], args: "padding='same'", win: win([4, 2], [1, 1], [1, 1], [1, 2, 0, 1]), groups: 1, fwd: true, dx: true },
  { x: [4, 8, 10, 10], w: [16, 8, 5, 3], args: 'padding=(2, 0)', win: win([5, 3], [1, 1], [1, 1], [2, 2, 0, 0]), groups: 1, fwd: true, dx: true },
  // Padding past the dilated kernel: the input gradient's convolution would need negative padding.
  { x: [3, 4, 9, 9], w: [8, 4, 3, 3], args: 'padding=3', win: win([3, 3], [1, 1], [1, 1], [3, 3, 3, 3]), groups: 1, fwd: true, dx: false },
  { x: [2, 8, 10, 10], w: [16, 4, 3, 3], args: 'padding=1, groups=2', win: win([3, 3], [1, 1], [1, 1], [1, 1, 1, 1]), groups: 2, fwd: false, dx: false },
  { x: [4, 8, 17, 17], w: [16, 8, 3, 3], args: 'stride=2, dilation=2', win: win([3, 3], [2, 2], [2, 2], [0, 0, 0, 0]), groups: 1, fwd: false, dx: false },
  // Too little work to gain: the im2col path keeps its bits.
  { x: [2, 3, 6, 6], w: [4, 3, 3, 3], args: 'padding=1', win: win([3, 3], [1, 1], [1, 1], [1, 1, 1, 1]), groups: 1, fwd: false, dx: false },
  // One input channel: XNNPACK sums in the im2col order (forward); its input gradient stays col2im.
  { x: [2, 1, 12, 12], w: [8, 1, 3, 3], args: 'padding=1', win: win([3, 3], [1, 1], [1, 1], [1, 1, 1, 1]), groups: 1, fwd: true, dx: false },
];

/** [forward, input gradient] taken by XNNPACK for a case, on the current backend. */
function routes(c: Case): [boolean, boolean] {
  return tf.tidy(() => {
    const x = tf.randomNormal(c.x), w = tf.randomNormal(c.w);
    const ho = outSize(c.x[2], c.win.kh, c.win.sh, c.win.dh, c.win.pad[0], c.win.pad[1]);
    const wo = outSize(c.x[3], c.win.kw, c.win.sw, c.win.dw, c.win.pad[2], c.win.pad[3]);
    const p = { win: c.win, groups: c.groups, ho, wo };
    const gR = tf.randomNormal([c.x[0] * ho * wo, c.w[0]]);
    return [nhwcConv(x, w, p) !== null, nhwcInputGrad(gR, x, w, p) !== null];
  });
}

test('XNNPACK takes the group-free convolutions it can run with enough work; the rest fall back to im2col', async () => {
  assert.equal(tf.getBackend(), 'wasm');
  for (const c of CASES) assert.deepEqual(routes(c), [c.fwd, c.dx], `${c.x} * ${c.w} (${c.args})`);
  // Other backends keep the im2col path.
  await tf.setBackend('cpu');
  // Without the cpu backend's "use tfjs-node" banner.
  (tf.backend() as unknown as { firstUse?: boolean }).firstUse = false;
  try {
    for (const c of CASES) assert.deepEqual(routes(c), [false, false], `cpu: ${c.x} * ${c.w} (${c.args})`);
  } finally {
    await tf.setBackend('wasm');
  }
});

test('convolution outputs and x, weight and bias gradients equal PyTorch on either route', () => {
  // One program for every case and bias choice (one PyTorch process).
  const blocks = CASES.flatMap((c) => (c.groups > 1 ? ['True'] : ['True', 'False']).map((bias) => `
x = torch.randn(${c.x.join(', ')}, requires_grad=True)
w = torch.randn(${c.w.join(', ')}, requires_grad=True)
b = torch.randn(${c.w[0]}, requires_grad=True) if ${bias} else None
y = F.conv2d(x, w, b, ${c.args})
(y * torch.randn(y.shape)).sum().backward()
print(y.shape)
print(y.flatten().tolist())
print(x.grad.flatten().tolist())
print(w.grad.flatten().tolist())
print(b.grad.tolist() if b is not None else None)
`));
  // Values reach ~60 (float32 spacing 4e-6) and each is a sum of up to 400 products, which PyTorch adds in its own
  // order on either route: a few spacings of the largest values apart, on the im2col route as on XNNPACK's.
  same(`
import torch
import torch.nn.functional as F
torch.manual_seed(4)
${blocks.join('')}`, 1e-5, 1e-4);
});

test('a conv net with an 8→16 convolution trains as in PyTorch (SGD with momentum, 5 steps)', () => {
  same(`
import torch
import torch.nn as nn
import torch.nn.functional as F
torch.manual_seed(0)
model = nn.Sequential(nn.Conv2d(1, 8, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2), nn.Conv2d(8, 16, 3, padding=1), nn.ReLU(),
                      nn.MaxPool2d(2), nn.Flatten(), nn.Linear(16 * 7 * 7, 10))
opt = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9)
x = torch.randn(32, 1, 28, 28)
y = torch.randint(0, 10, (32,))
for i in range(5):
    loss = F.cross_entropy(model(x), y)
    opt.zero_grad()
    loss.backward()
    print(loss.item(), [p.grad.norm().item() for p in model.parameters()])
    opt.step()
print(model[3].weight.grad.flatten().tolist())
`, 1e-5, 1e-6);
});
