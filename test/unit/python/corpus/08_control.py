def classify(n):
    if n < 0:
        return 'neg'
    elif n == 0:
        return 'zero'
    elif n < 10:
        return 'small'
    else:
        return 'big'
print([classify(n) for n in (-5, 0, 3, 42)])
for i in range(3):
    for j in range(3):
        if j == 2:
            break
        if i == j:
            continue
        print('pair', i, j)
for x in [1, 2, 3]:
    if x == 5:
        break
else:
    print('no break')
for x in [1, 5, 3]:
    if x == 5:
        print('found 5')
        break
else:
    print('unreachable')
n = 0
while n < 10:
    n += 3
else:
    print('while else', n)
k = 10
while k:
    k -= 4
    if k < 0:
        break
print('k', k)
total = 0
for i, c in enumerate('abc'):
    for a, b in zip(range(2), 'xy'):
        total += i * a
print(total, 'yes' if total > 2 else 'no', None or 0 or 'x', 1 and 2 and 3, not None)
for _ in range(0):
    print('never')
for i in range(10, 0, -3):
    print(i, end=' ')
print()
print('a', 'b', sep='-', end='!\n')
print()
print(*[1, 2, 3], sep=', ')
