t = 1, 2, 3
a, b, c = t
print(t, a + b + c, len(t), t[1:], t * 2, (1,) + t, t.count(2), t.index(3), 2 in t)
(x, y), z = (1, 2), 3
print(x, y, z)
for i, (p, q) in enumerate([(1, 'a'), (2, 'b')]):
    print(i, p, q)
first, *middle, last = range(6)
print(first, middle, last)
*head, = [1, 2]
print(head)
pairs = [(3, 'c'), (1, 'a'), (2, 'b')]
print(sorted(pairs), sorted(pairs, key=lambda p: p[1], reverse=True), max(pairs), min(pairs)[1])
d = dict(pairs)
print(d, tuple(sorted(d)), tuple(d.values()))
def multi():
    return 1, [2, 3], {'k': 4}
n, lst, dd = multi()
print(n, lst, dd)
nested = ((1, 2), (3, (4, 5)))
print(nested[1][1][0], nested == ((1, 2), (3, (4, 5))), (1, 2) < (1, 2, 0), () < (0,))
swap = [1, 2, 3]
swap[0], swap[2] = swap[2], swap[0]
print(swap)
obj = type('x', (), {}) if False else None
class Box:
    pass
b = Box()
b.w, b.h = 3, 4
print(b.w * b.h)
k = v = 0
k += 1
print(k, v)
