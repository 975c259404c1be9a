import torch
import torch.nn as nn

model = nn.Sequential(nn.Linear(2, 4), nn.ReLU(), nn.Linear(4, 1))
data = [[0.0, 1.0], [1.0, 0.0], [1.0, 1.0]]
out = model(data)
