x = 1
y = 2.5
print(x + y, x / 2, 7 // 2, -7 // 2, -7 % 3, 2 ** 10, 2 ** -1, 1e-6, 1e16, 123456789.0, 0.1 + 0.2)
a, *b = [1, 2, 3, 4]
print(a, b)
def f(n, k=2, *args, z=3, **kw):
    return n * k + z, args, kw
print(f(1), f(1, 2, 3, z=4, q=5))
class A:
    def __init__(self, v):
        self.v = v
    def __repr__(self):
        return f"A({self.v!r})"
    def __add__(self, o):
        return A(self.v + o.v)
class B(A):
    def __init__(self, v):
        super().__init__(v * 2)
print(A(1) + B(2), [A(i) for i in range(3)])
d = {'a': 1, 'b': [1, 2]}
print(d, d['b'][1:], {k: v for k, v in d.items()})
s = 0
for i in range(10):
    if i % 2 == 0:
        continue
    s += i
else:
    print("done", s)
print(f"{3.14159:.3f} {42:>8} {1234.5:e} {'x'!r} {0.5:{'>'}{10}.2%}")
print("%.2f and %d and %s" % (1.234, 7, "hi"), "{} {:.1f} {name}".format(1, 2.25, name="n"))
try:
    1 / 0
except ZeroDivisionError as e:
    print("caught", e, type(e).__name__)
finally:
    print("fin")
def counter():
    c = 0
    def inc():
        nonlocal c
        c += 1
        return c
    return inc
inc = counter(); inc(); print(inc())
print(sorted([3, 1, 2], reverse=True), sum(x * x for x in range(4)), max([1, 5, 3]), min(3, 1, key=lambda v: -v))
print(list(zip([1, 2], 'ab')), list(enumerate('xy', 1)), round(2.5), round(3.14159, 2), abs(-3))
print(isinstance(True, int), str(None), repr('a\'b'), int('42'), float('1e3'), bool([]))
print(1 < 2 < 3, 1 < 3 < 2, 'a' in 'abc', None is None, [1] == [1], (1, 2) < (1, 3))
