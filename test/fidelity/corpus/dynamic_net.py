# "Learning PyTorch with Examples": control flow + weight sharing. The middle layer is reused a varying number
# of times per forward pass. (The tutorial draws that number with Python's random module; here it follows the
# step counter so the run is deterministic, and plain SGD keeps float32 noise from growing chaotically: with
# momentum 0.9, PyTorch perturbed by 1e-7 drifts 1e-2 away from itself after ~60 steps.)
import torch


class DynamicNet(torch.nn.Module):
    def __init__(self, D_in, H, D_out):
        super().__init__()
        self.input_linear = torch.nn.Linear(D_in, H)
        self.middle_linear = torch.nn.Linear(H, H)
        self.output_linear = torch.nn.Linear(H, D_out)

    def forward(self, x, depth=1):
        h_relu = self.input_linear(x).clamp(min=0)
        for _ in range(depth):
            h_relu = self.middle_linear(h_relu).clamp(min=0)
        if depth == 0:
            h_relu = torch.relu(h_relu)
        y_pred = self.output_linear(h_relu)
        return y_pred


N, D_in, H, D_out = 32, 64, 32, 8
x = torch.randn(N, D_in)
y = torch.randn(N, D_out)

model = DynamicNet(D_in, H, D_out)
criterion = torch.nn.MSELoss(reduction='sum')
optimizer = torch.optim.SGD(model.parameters(), lr=1e-4)
for t in range(150):
    y_pred = model(x, depth=t % 4)
    loss = criterion(y_pred, y)
    if t % 50 == 49:
        print(t, loss.item())
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
