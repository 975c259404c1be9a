class Temp:
    def __init__(self, c):
        self._c = c
    @property
    def c(self):
        return self._c
    @c.setter
    def c(self, v):
        if v < -273.15:
            raise ValueError('below absolute zero')
        self._c = v
    @property
    def f(self):
        return self._c * 9 / 5 + 32
t = Temp(25)
print(t.c, t.f)
t.c = 100
print(t.c, t.f)
try:
    t.c = -300
except ValueError as e:
    print(e)
try:
    t.f = 5
except AttributeError as e:
    print('AttributeError')
class Lazy:
    def __init__(self):
        self.computed = 0
    def __getattr__(self, name):
        self.computed += 1
        return name * 2
l = Lazy()
print(l.ab, l.xy, l.computed, getattr(l, 'q'), hasattr(l, 'anything'))
class Frozen:
    def __init__(self):
        object.__setattr__(self, 'x', 1)
    def __setattr__(self, k, v):
        raise AttributeError(f'cannot set {k}')
fz = Frozen()
try:
    fz.y = 2
except AttributeError as e:
    print(e, fz.x)
class Registry:
    def __init__(self):
        self.__dict__['seen'] = []
    def __setattr__(self, k, v):
        self.seen.append(k)
        self.__dict__[k] = v
r = Registry()
r.a = 1; r.b = 2
print(r.seen, r.a + r.b, sorted(vars_ for vars_ in r.__dict__))
