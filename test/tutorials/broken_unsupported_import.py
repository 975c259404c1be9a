import torch
import torchvision

model = torch.nn.Linear(2, 2)
