import math
N, D = 8, 3
xs = [[math.sin(i * 1.7 + j * 0.3) for j in range(D)] for i in range(N)]
true_w = [0.5, -1.5, 2.0]
ys = [sum(w * x for w, x in zip(true_w, row)) for row in xs]
w = [0.0] * D
learning_rate = 0.1
for t in range(201):
    preds = [sum(wi * xi for wi, xi in zip(w, row)) for row in xs]
    loss = sum((p - y) ** 2 for p, y in zip(preds, ys)) / N
    grad = [0.0] * D
    for row, p, y in zip(xs, preds, ys):
        for j in range(D):
            grad[j] += 2 * (p - y) * row[j] / N
    for j in range(D):
        w[j] -= learning_rate * grad[j]
    if t % 50 == 0:
        gnorm = math.sqrt(sum(g * g for g in grad))
        print(f'step {t:3d} loss {loss:.6f} grad_norm {gnorm:.4e}')
print('learned', [round(v, 3) for v in w])
