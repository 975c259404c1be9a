def collatz(n):
    steps = 0
    while n != 1:
        n = n // 2 if n % 2 == 0 else 3 * n + 1
        steps += 1
    return steps
print([collatz(n) for n in range(1, 15)])
i = 0
found = None
while True:
    i += 1
    if i * i > 200:
        found = i
        break
print(found)
lr = 1.0
loss = 100.0
history = []
step = 0
while loss > 1e-3 and step < 100:
    loss = loss * (1 - lr * 0.5)
    history.append(round(loss, 6))
    step += 1
print(step, history[:3], history[-1])
a, b = 48, 18
while b:
    a, b = b, a % b
print(a)
stack = [1, [2, [3, [4]]]]
flat = []
while stack:
    top = stack.pop()
    if isinstance(top, list):
        stack.extend(top)
    else:
        flat.append(top)
print(sorted(flat))
