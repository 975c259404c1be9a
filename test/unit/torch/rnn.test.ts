// RNN/LSTM/GRU and their cells against real PyTorch 1.13: parameter names/order and default init (bit-exact
// draws), outputs, final states and every gradient, for layers, batch_first, bidirectional, inter-layer dropout.
import { test, before } from 'node:test';
import { setup } from './snippet';
import { same } from './oracle_same';

before(setup);

test('RNN/LSTM/GRU: parameters, init, repr equal PyTorch', () => {
  same(`
import torch
import torch.nn as nn
torch.manual_seed(0)
for m in [nn.RNN(3, 4), nn.LSTM(3, 4, num_layers=2, batch_first=True), nn.GRU(3, 4, bidirectional=True, bias=False),
          nn.RNN(3, 4, 2, 'relu', dropout=0.5), nn.LSTMCell(3, 4), nn.GRUCell(3, 4, bias=False), nn.RNNCell(3, 4, nonlinearity='relu')]:
    print(m)
    for n, p in m.named_parameters():
        print(n, list(p.shape), p.flatten().tolist())
`, 0, 0);
});

const RUN = (ctor: string, extra = ''): string => `
import torch
import torch.nn as nn
torch.manual_seed(0)
m = ${ctor}
x = torch.randn(5, 3, 4, requires_grad=True)
${extra}
out, hn = m(x) if not hasattr(m, 'h0') else m(x, m.h0)
if isinstance(hn, tuple):
    hn, cn = hn
    print(cn.shape, cn.flatten().tolist())
print(out.shape, hn.shape)
print(out.flatten().tolist())
print(hn.flatten().tolist())
(out * torch.randn(out.shape)).sum().backward()
print(x.grad.flatten().tolist())
for n, p in m.named_parameters():
    print(n, p.grad.flatten().tolist())
`;

test('RNN/LSTM/GRU forward, states and gradients match PyTorch', () => {
  for (const ctor of ['nn.RNN(4, 6)', 'nn.RNN(4, 6, num_layers=2, nonlinearity="relu")', 'nn.LSTM(4, 6)',
    'nn.LSTM(4, 6, num_layers=2, batch_first=True)', 'nn.GRU(4, 6)', 'nn.GRU(4, 6, num_layers=2, bidirectional=True)',
    'nn.LSTM(4, 6, bidirectional=True, bias=False)', 'nn.LSTM(4, 6, num_layers=3, dropout=0.3)']) {
    same(RUN(ctor), 1e-4, 1e-5);
  }
});

test('initial states, unbatched input, cells in a step loop match PyTorch', () => {
  same(`
import torch
import torch.nn as nn
torch.manual_seed(1)
lstm = nn.LSTM(3, 5, num_layers=2)
h0 = torch.randn(2, 4, 5, requires_grad=True)
c0 = torch.randn(2, 4, 5)
x = torch.randn(6, 4, 3)
out, (h, c) = lstm(x, (h0, c0))
(out.sum() + h.sum() + c.sum()).backward()
print(out.flatten().tolist(), h0.grad.flatten().tolist())
gru = nn.GRU(3, 5, batch_first=True)
o, h = gru(torch.randn(7, 3))
print(o.shape, h.shape, o.flatten().tolist())
cells = [nn.LSTMCell(3, 4), nn.GRUCell(3, 4), nn.RNNCell(3, 4)]
xs = torch.randn(6, 2, 3)
hx, cx = torch.zeros(2, 4), torch.zeros(2, 4)
hg = torch.zeros(2, 4)
hr = None
total = 0
for t in range(6):
    hx, cx = cells[0](xs[t], (hx, cx))
    hg = cells[1](xs[t], hg)
    hr = cells[2](xs[t], hr)
    total = total + hx.sum() + hg.pow(2).sum() + hr.mean()
total.backward()
print(total.item())
for c in cells:
    print([p.grad.flatten().tolist() for p in c.parameters()])
print(cells[0](torch.randn(3))[0].shape)
try:
    lstm(torch.randn(6, 4, 2))
except RuntimeError as e:
    print(e)
try:
    lstm(x, (torch.zeros(1, 4, 5), c0))
except RuntimeError as e:
    print(e)
`, 1e-4, 1e-5);
});

test('char-LSTM: Embedding → LSTM → Linear, 5 Adam steps with clipping, then multinomial sampling', () => {
  same(`
import torch
import torch.nn as nn
import torch.nn.functional as F
torch.manual_seed(0)
V, H = 12, 16
class CharLSTM(nn.Module):
    def __init__(self):
        super().__init__()
        self.emb = nn.Embedding(V, 8)
        self.lstm = nn.LSTM(8, H, batch_first=True)
        self.head = nn.Linear(H, V)
    def forward(self, x, state=None):
        out, state = self.lstm(self.emb(x), state)
        return self.head(out), state
model = CharLSTM()
opt = torch.optim.Adam(model.parameters(), lr=0.01)
data = torch.randint(0, V, (4, 9))
for step in range(5):
    logits, _ = model(data[:, :-1])
    loss = F.cross_entropy(logits.reshape(-1, V), data[:, 1:].reshape(-1))
    opt.zero_grad()
    loss.backward()
    nn.utils.clip_grad_norm_(model.parameters(), 1.0)
    opt.step()
    print(step, loss.item())
with torch.no_grad():
    ix = torch.tensor([[0]])
    state = None
    out = []
    for i in range(20):
        logits, state = model(ix, state)
        probs = F.softmax(logits[0, -1], dim=0)
        nxt = torch.multinomial(probs, 1).item()
        out.append(nxt)
        ix = torch.tensor([[nxt]])
print(out)
`, 1e-4, 1e-6);
});
