x = 7
x += 3; print(x)
x -= 1; print(x)
x *= 2; print(x)
x /= 4; print(x)
x //= 2; print(x)
x **= 3; print(x)
x %= 5; print(x)
n = 6
n <<= 2; n >>= 1; n |= 1; n &= 0b1101; n ^= 3; print(n)
class M:
    def __init__(self, v): self.v = v
    def __matmul__(self, o): return M(self.v * o.v + 1)
    def __imatmul__(self, o):
        self.v = self.v * 100 + o.v
        return self
    def __repr__(self): return f'M({self.v})'
a = M(2); b = a
a @= M(3); print(a, b, a is b)
c = M(2); d = c @ M(5); print(c, d)
lst = [1, 2]; alias = lst
lst += [3]; print(alias)
t = (1,); talias = t
t += (2,); print(t, talias)
s = 'ab'; s *= 2; print(s)
grid = [[1, 2], [3, 4]]
grid[1][0] += 10; print(grid)
obj = M(1); obj.v += 5; obj.v **= 2; print(obj)
dd = {'k': 1}; dd['k'] -= 3; dd.setdefault('j', 0); dd['j'] += 1; print(dd)
def repeat(times):
    def deco(fn):
        def wrapper(*args, **kwargs):
            return [fn(*args, **kwargs) for _ in range(times)]
        wrapper.__name__ = fn.__name__
        return wrapper
    return deco
@repeat(3)
def greet(name):
    return 'hi ' + name
print(greet('bo'), greet.__name__)
registry = {}
def register(cls):
    registry[cls.__name__] = cls
    return cls
@register
class Plugin:
    pass
print(list(registry), registry['Plugin'] is Plugin)
def trace(fn):
    calls = []
    def inner(*a):
        calls.append(a)
        return fn(*a)
    inner.calls = calls
    return inner
@trace
def add(a, b):
    return a + b
add(1, 2); add(3, 4)
print(add.calls)
class Stack:
    @staticmethod
    @trace
    def combine(a, b):
        return a * b
print(Stack.combine(3, 4), Stack().combine(2, 2))
def f():
    v = 1
    del v
    try:
        return v
    except NameError as e:
        return type(e).__name__
print(f())
