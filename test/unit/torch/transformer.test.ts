// nn.MultiheadAttention (masks, key padding, batch_first, dropout, need_weights), TransformerEncoderLayer
// (relu/gelu, norm_first, batch_first) and TransformerEncoder against real PyTorch 1.13: parameter names and
// init draws, outputs, attention weights and gradients.
import { test, before } from 'node:test';
import { setup } from './snippet';
import { same } from './oracle_same';

before(setup);

test('MultiheadAttention, TransformerEncoderLayer, TransformerEncoder: init, forward, masks, dropout, gradients', () => {
  same(`
import torch
import torch.nn as nn
torch.manual_seed(0)
def r(t): return [round(v, 4) for v in t.flatten().tolist()]
mha = nn.MultiheadAttention(8, 2)
print([(n, tuple(p.shape), r(p)[:6]) for n, p in mha.named_parameters()])
q = torch.randn(3, 2, 8, requires_grad=True); k = torch.randn(5, 2, 8)
out, w = mha(q, k, k)
(out * torch.randn(out.shape)).sum().backward()
print(r(out), r(w), r(q.grad), r(mha.in_proj_weight.grad)[:20])
out, w = mha(q, q, q, need_weights=False); print(w, r(out))
mask = torch.triu(torch.ones(3, 3, dtype=torch.bool), 1)
out, w = mha(q, q, q, attn_mask=mask); print(r(w))
kpm = torch.tensor([[False, False, False, True, True], [False, False, False, False, False]])
out, w = mha(q, k, k, key_padding_mask=kpm, average_attn_weights=False); print(w.shape, r(w))
m2 = nn.MultiheadAttention(8, 4, batch_first=True, dropout=0.2)
x = torch.randn(2, 3, 8)
out, w = m2(x, x, x); print(r(out), r(w))
m2.eval(); out, w = m2(x, x, x, attn_mask=torch.zeros(3, 3)); print(r(out))
layer = nn.TransformerEncoderLayer(8, 2, 16)
print([(n, tuple(p.shape)) for n, p in layer.named_parameters()])
y = layer(torch.randn(3, 2, 8)); print(r(y))
layer2 = nn.TransformerEncoderLayer(d_model=8, nhead=2, dim_feedforward=12, dropout=0.0, activation='gelu', batch_first=True, norm_first=True)
src = torch.randn(2, 4, 8, requires_grad=True)
y = layer2(src, src_mask=torch.triu(torch.full((4, 4), float('-inf')), 1)); y.sum().backward(); print(r(y), r(src.grad))
enc = nn.TransformerEncoder(layer2, num_layers=2, norm=nn.LayerNorm(8))
y = enc(src, src_key_padding_mask=torch.tensor([[False, False, True, True], [False] * 4])); print(r(y), len(list(enc.parameters())))
print(sum(p.numel() for p in enc.parameters()))
`, 1e-4, 2e-4);
});
