# Generator expressions run lazily: over infinite generators, with errors raised at the item that causes them.
import itertools
def naturals():
    n = 0
    while True:
        yield n
        n += 1
g = (x * x for x in naturals() if x % 3 == 0)
print(next(g), next(g), next(g))
print(next(x for x in itertools.count() if x > 10))
print(sum(x for x in range(10)), list(y for y in (x + 1 for x in range(3))), max((a * b for a in range(3) for b in range(4))))
h = (1 / x for x in [1, 0])
print(next(h))
try:
    next(h)
except ZeroDivisionError as e:
    print('lazy error', e)
print(list(h))
