class Base(object):
    kind = 'base'
    def __init__(self, name):
        self.name = name
    def describe(self):
        return f'{self.kind}:{self.name}:{self.extra()}'
    def extra(self):
        return 'none'
class Mid(Base):
    kind = 'mid'
    def extra(self):
        return 'mid-extra'
class Leaf(Mid):
    def __init__(self, name, n):
        super().__init__(name.upper())
        self.n = n
    def extra(self):
        return super().extra() + f'+{self.n}'
objs = [Base('a'), Mid('b'), Leaf('c', 3)]
print([o.describe() for o in objs])
print(isinstance(objs[2], Base), isinstance(objs[0], Leaf), issubclass(Leaf, Mid), issubclass(Base, Leaf), type(objs[1]).__name__)
print(Leaf.kind, Leaf('x', 1).kind, Base.kind)
Leaf.kind = 'changed'; print(objs[2].kind, Mid.kind)
objs[0].kind = 'own'; print(objs[0].kind, Base.kind)
class Counter:
    count = 0
    def __init__(self):
        Counter.count += 1
        self.id = Counter.count
cs = [Counter() for _ in range(3)]
print([c.id for c in cs], Counter.count)
class Shape:
    def area(self):
        raise NotImplementedError('subclass must implement')
class Sq(Shape):
    def __init__(self, s): self.s = s
    def area(self): return self.s ** 2
try:
    Shape().area()
except NotImplementedError as e:
    print('NIE', e)
print(Sq(3).area(), hasattr(Sq(1), 'area'), getattr(Sq(2), 's'))
class WithCls:
    registry = []
    @classmethod
    def create(cls, v):
        obj = cls()
        obj.v = v
        cls.registry.append(v)
        return obj
    @staticmethod
    def helper(x):
        return x * 2
class Sub(WithCls):
    pass
s = Sub.create(5)
print(type(s).__name__, s.v, WithCls.registry, Sub.helper(4), s.helper(1))
class A:
    def __init__(self): self.log = ['A']
class B(A):
    def __init__(self):
        super().__init__()
        self.log.append('B')
class C(B):
    def __init__(self):
        super().__init__()
        self.log.append('C')
print(C().log)
class Point:
    def __init__(self, x, y):
        self.x, self.y = x, y
    def __eq__(self, o):
        return (self.x, self.y) == (o.x, o.y)
    def __add__(self, o):
        return Point(self.x + o.x, self.y + o.y)
    def __sub__(self, o):
        return Point(self.x - o.x, self.y - o.y)
    def __truediv__(self, k):
        return Point(self.x / k, self.y / k)
    def __repr__(self):
        return f'Point({self.x}, {self.y})'
p = Point(1, 2) + Point(3, 4)
p += Point(1, 1)
print(p, p - Point(5, 7), p / 2, p == Point(5, 7), p != Point(0, 0), [p])
