class Seq:
    def __init__(self, n):
        self.n = n
    def __len__(self):
        return self.n
    def __getitem__(self, i):
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(self.n))]
        if i < 0:
            i += self.n
        if i >= self.n or i < 0:
            raise IndexError('out of range')
        return i * 10
s = Seq(4)
print(len(s), s[1], s[-1], list(s), s[1:3], 20 in s, bool(Seq(0)))
class It:
    def __init__(self, n):
        self.i, self.n = 0, n
    def __iter__(self):
        return self
    def __next__(self):
        if self.i >= self.n:
            raise StopIteration
        self.i += 1
        return self.i
print(list(It(3)), sum(It(4)), [x for x in It(2)])
class Store:
    def __init__(self):
        self.d = {}
    def __setitem__(self, k, v):
        self.d[k] = v * 2
    def __getitem__(self, k):
        return self.d[k]
    def __delitem__(self, k):
        del self.d[k]
    def __contains__(self, k):
        return k in self.d
st = Store(); st['a'] = 1; st['b'] = 2; del st['b']
print(st['a'], 'a' in st, 'b' in st)
class Num:
    def __init__(self, v): self.v = v
    def __add__(self, o): return Num(self.v + (o.v if isinstance(o, Num) else o))
    __radd__ = __add__
    def __mul__(self, o): return Num(self.v * (o.v if isinstance(o, Num) else o))
    def __rmul__(self, o): return Num(o * self.v)
    def __pow__(self, k): return Num(self.v ** k)
    def __matmul__(self, o): return 'matmul'
    def __neg__(self): return Num(-self.v)
    def __abs__(self): return Num(abs(self.v))
    def __lt__(self, o): return self.v < o.v
    def __le__(self, o): return self.v <= o.v
    def __eq__(self, o): return isinstance(o, Num) and self.v == o.v
    def __float__(self): return float(self.v)
    def __int__(self): return int(self.v)
    def __repr__(self): return f'Num({self.v})'
    def __iadd__(self, o):
        self.v += o
        return self
a, b = Num(2), Num(5)
print(a + b, a + 1, 1 + a, a * b, 3 * a, a ** 3, a @ b, -a, abs(Num(-4)), a < b, b <= a, a == Num(2), float(a), int(b))
print(sum([Num(1), Num(2)], Num(0)), sorted([Num(3), Num(1), Num(2)]), max([Num(3), Num(7)]), min(Num(3), Num(1)))
c = a
c += 10
print(c, a, c is a)
class Callable:
    def __init__(self): self.calls = 0
    def __call__(self, *args, **kw):
        self.calls += 1
        return (args, sorted(kw))
cb = Callable()
print(cb(1, 2, x=3), cb(), cb.calls, callable(cb), callable(1))
class Strs:
    def __str__(self): return 'str-form'
    def __repr__(self): return 'repr-form'
print(Strs(), str(Strs()), repr(Strs()), [Strs()], f'{Strs()}', f'{Strs()!r}', '%s %r' % (Strs(), Strs()))
class Bools:
    def __init__(self, v): self.v = v
    def __bool__(self): return self.v
print([bool(Bools(True)), bool(Bools(False))], 'yes' if Bools(False) else 'no', not Bools(True))
