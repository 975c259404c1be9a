// nn.functional activations and losses (gelu, logsigmoid, hardswish, prelu, normalize, cosine_similarity, huber,
// weighted BCE) and layers (GroupNorm, InstanceNorm, Upsample/interpolate, PixelShuffle, AdaptiveMaxPool, Unfold)
// against real PyTorch 1.13: values, gradients, grad_fn names, reprs.
import { test, before } from 'node:test';
import { setup } from './snippet';
import { same } from './oracle_same';

before(setup);

test('gelu/logsigmoid/hardswish/prelu/normalize/cosine_similarity, huber_loss, BCE with weight and pos_weight', () => {
  same(`
import torch
import torch.nn as nn
import torch.nn.functional as F
torch.manual_seed(0)
def r(t): return [round(v, 4) for v in t.flatten().tolist()]
x = torch.randn(4, 6, requires_grad=True)
for f in [lambda v: F.gelu(v), lambda v: F.gelu(v, approximate='tanh'), F.logsigmoid, F.hardswish, lambda v: F.normalize(v, dim=1),
          lambda v: F.normalize(v, p=1, dim=0), lambda v: F.cosine_similarity(v, v.flip(0)), lambda v: F.cosine_similarity(v[0], v[1], dim=0),
          nn.GELU(), nn.GELU('tanh'), nn.LogSigmoid(), nn.Hardswish(), nn.PReLU(), nn.PReLU(6, 0.1)]:
    x.grad = None
    y = f(x)
    (y * torch.randn(y.shape)).sum().backward()
    print(y.grad_fn.name() if y.grad_fn else None, r(y), r(x.grad))
print(F.logsigmoid(torch.tensor([-200., 0., 5.])), F.gelu(torch.tensor([0.])).item())
print(nn.GELU(), nn.PReLU(3), nn.Hardswish(), nn.HuberLoss(), nn.LogSigmoid(), list(nn.PReLU(3).parameters()))
t = torch.randn(4, 6)
for red in ['mean', 'sum', 'none']:
    x.grad = None
    l = F.huber_loss(x, t, reduction=red, delta=0.7); l.sum().backward(); print(r(l), r(x.grad))
l = nn.HuberLoss()(x, t); print(l)
tb = torch.rand(4, 6).round(); pw = torch.rand(6) * 3; w = torch.rand(4, 6)
for kw in [dict(pos_weight=pw), dict(weight=w), dict(weight=w, pos_weight=pw, reduction='sum'), dict(pos_weight=pw, reduction='none')]:
    x.grad = None
    l = F.binary_cross_entropy_with_logits(x, tb, **kw); l.sum().backward(); print(l.grad_fn.name(), r(l), r(x.grad))
print(nn.BCEWithLogitsLoss(pos_weight=pw)(x, tb))
p = torch.sigmoid(x)
x.grad = None
l = F.binary_cross_entropy(p, tb, weight=w); l.backward(); print(l, r(x.grad))
print(nn.BCELoss(weight=w)(p, tb))
`, 1e-5, 1e-5);
});

test('GroupNorm, InstanceNorm1d/2d, Upsample/interpolate (nearest, bilinear, linear), PixelShuffle, AdaptiveMaxPool, Unfold', () => {
  same(`
import torch
import torch.nn as nn
import torch.nn.functional as F
torch.manual_seed(0)
def r(t): return [round(v, 4) for v in t.flatten().tolist()]
x = torch.randn(2, 4, 5, 6, requires_grad=True)
mods = [nn.GroupNorm(2, 4), nn.GroupNorm(4, 4, affine=False), nn.GroupNorm(1, 4, eps=1e-3), nn.InstanceNorm2d(4), nn.InstanceNorm2d(4, affine=True),
        nn.Upsample(scale_factor=2), nn.Upsample(size=(7, 9)), nn.Upsample(scale_factor=1.5, mode='bilinear'),
        nn.Upsample(scale_factor=2, mode='bilinear', align_corners=True), nn.Upsample(size=(3, 4), mode='bilinear', align_corners=False),
        nn.Upsample(size=(8, 11), mode='bilinear', align_corners=True), nn.UpsamplingNearest2d(scale_factor=3), nn.UpsamplingBilinear2d(size=(4, 4)),
        nn.PixelShuffle(2), nn.PixelUnshuffle(1), nn.AdaptiveMaxPool2d(1), nn.AdaptiveMaxPool2d((2, 3)), nn.AdaptiveMaxPool2d((4, 4)), nn.Unfold(2), nn.Unfold((2, 3), stride=2, padding=1)]
for m in mods:
    x.grad = None
    y = m(x)
    (y * torch.randn(y.shape)).sum().backward()
    print(m, y.shape, r(y)[:30], r(x.grad)[:30], sum(p.numel() for p in m.parameters()))
for kw in [dict(size=(10, 13), mode='nearest'), dict(scale_factor=0.5), dict(scale_factor=(2, 0.7), mode='bilinear'), dict(size=5, mode='bilinear', align_corners=True)]:
    print(kw, r(F.interpolate(x, **kw))[:40])
z = torch.randn(2, 3, 7, requires_grad=True)
for m in [nn.InstanceNorm1d(3), nn.Upsample(scale_factor=2, mode='linear'), nn.AdaptiveMaxPool1d(3), nn.Upsample(size=10)]:
    z.grad = None
    y = m(z); (y * torch.randn(y.shape)).sum().backward(); print(m, r(y), r(z.grad))
print(F.interpolate(torch.arange(4.).reshape(1, 1, 2, 2), scale_factor=2, mode='nearest'))
print(F.interpolate(torch.arange(4.).reshape(1, 1, 2, 2), scale_factor=2, mode='bilinear', align_corners=False))
print(F.unfold(torch.arange(16.).reshape(1, 1, 4, 4), 2).shape, F.pixel_shuffle(torch.randn(1, 8, 2, 3), 2).shape)
`, 1e-4, 2e-4);
});
