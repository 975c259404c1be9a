# A character-level LSTM: Embedding -> LSTM -> Linear trained on one short text with Adam and gradient
# clipping, then text sampled with torch.multinomial after training.
import torch
import torch.nn as nn

text = "hello world, hello loss lens. "
chars = sorted(set(text))
stoi = {c: i for i, c in enumerate(chars)}
data = torch.tensor([stoi[c] for c in text])
V = len(chars)

torch.manual_seed(0)


class CharLSTM(nn.Module):
    def __init__(self):
        super().__init__()
        self.emb = nn.Embedding(V, 16)
        self.lstm = nn.LSTM(16, 32, batch_first=True)
        self.head = nn.Linear(32, V)

    def forward(self, idx, state=None):
        out, state = self.lstm(self.emb(idx), state)
        return self.head(out), state


model = CharLSTM()
opt = torch.optim.Adam(model.parameters(), lr=0.01)
criterion = nn.CrossEntropyLoss()
inputs, targets = data[:-1].unsqueeze(0), data[1:].unsqueeze(0)
for step in range(60):
    logits, _ = model(inputs)
    loss = criterion(logits.view(-1, V), targets.view(-1))
    opt.zero_grad()
    loss.backward()
    nn.utils.clip_grad_norm_(model.parameters(), 1.0)
    opt.step()

with torch.no_grad():
    idx = torch.tensor([[stoi['h']]])
    state = None
    out = 'h'
    for _ in range(40):
        logits, state = model(idx, state)
        probs = torch.softmax(logits[0, -1] / 0.8, dim=0)
        nxt = torch.multinomial(probs, num_samples=1).item()
        out += chars[nxt]
        idx = torch.tensor([[nxt]])
print(out)
