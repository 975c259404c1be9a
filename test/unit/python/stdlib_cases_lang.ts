// Language-level modules: itertools, functools, collections, dataclasses.
// Each program runs on our interpreter and on CPython 3.11; stdlib.test.ts compares their output.
export const LANG_CASES: Record<string, string> = {
  itertools: `
import itertools
print(list(itertools.islice(itertools.count(3), 4)), list(itertools.islice(itertools.count(0, 0.5), 3)))
print(list(itertools.islice(itertools.cycle('ab'), 5)), list(itertools.repeat(7, 3)))
print(list(itertools.product('ab', range(2))), list(itertools.product([0, 1], repeat=2)))
print(list(itertools.permutations([1, 2, 3], 2)), len(list(itertools.permutations(range(4)))))
print(list(itertools.combinations('abcd', 2)), list(itertools.combinations_with_replacement('ab', 2)))
print(list(itertools.accumulate([1, 2, 3, 4])), list(itertools.accumulate([1, 2, 3], lambda a, b: a * b, initial=10)))
print([(k, list(g)) for k, g in itertools.groupby('aaabbcaa')])
print([(k, len(list(g))) for k, g in itertools.groupby(sorted([3, 1, 4, 1, 5]), key=lambda v: v % 2)])
print(list(itertools.zip_longest('ab', 'xyz', fillvalue='-')), list(itertools.starmap(pow, [(2, 3), (3, 2)])))
print(list(itertools.chain([1], (2, 3), 'ab')), list(itertools.chain.from_iterable([[1], [2, 3]])))
print(list(itertools.islice(range(10), 2, 8, 3)), list(itertools.islice('abcdef', 2)))
a, b = itertools.tee(iter([1, 2, 3]))
print(list(a), list(b), list(itertools.takewhile(lambda v: v < 3, [1, 2, 3, 1])), list(itertools.dropwhile(lambda v: v < 3, [1, 2, 3, 1])))
print(list(itertools.compress('abcd', [1, 0, 1, 0])), list(itertools.filterfalse(None, [0, 1, '', 'x'])), list(itertools.pairwise('abc')))
for i, (x, y) in enumerate(itertools.product(range(2), 'ab')):
    print(i, x, y, end='; ')
print()
`,
  functools: `
import functools
print(functools.reduce(lambda a, b: a * b, [1, 2, 3, 4]), functools.reduce(lambda a, b: a + b, [], 5))
p = functools.partial(pow, 2)
print(p(10), p.func is pow, p.args)
def f(a, b=1, *, c=2):
    return a + b + c
print(functools.partial(f, c=10)(1), functools.partial(f, 1, 2)(c=3))
@functools.lru_cache(maxsize=None)
def fib(n):
    return n if n < 2 else fib(n - 1) + fib(n - 2)
print(fib(60), fib.cache_info())
fib.cache_clear()
print(fib.cache_info())
@functools.lru_cache(maxsize=2)
def sq(x):
    print('computing', x)
    return x * x
print(sq(2), sq(3), sq(2), sq(4), sq(3), sq.cache_info())
@functools.cache
def g(x):
    return x + 1
print(g(1), g(1), g.cache_info())
def deco(fn):
    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        """wrapper doc"""
        return fn(*args, **kwargs)
    return wrapper
@deco
def named(x):
    """named doc"""
    return x
print(named.__name__, named.__doc__, named(3), named.__wrapped__(4))
@functools.total_ordering
class V:
    def __init__(self, v):
        self.v = v
    def __eq__(self, o):
        return self.v == o.v
    def __lt__(self, o):
        return self.v < o.v
print(V(1) <= V(2), V(3) >= V(2), V(1) > V(2), sorted([V(3), V(1), V(2)])[0].v)
print(sorted([3, 1, 2], key=functools.cmp_to_key(lambda a, b: b - a)))
try:
    functools.reduce(lambda a, b: a, [])
except TypeError as e:
    print('TypeError', e)
`,
  collections: `
from collections import Counter, defaultdict, OrderedDict, deque, namedtuple
c = Counter('abracadabra')
print(c, c.most_common(2), c['z'], 'z' in c, len(c), c.total())
c.update('aaz')
c.update({'b': 10})
print(c, sorted(c.elements())[:4], list(c.keys()))
c.subtract(['a'])
print(c['a'], Counter(a=3, b=1) + Counter(a=1, c=2), Counter(a=3, b=1) - Counter(a=1, b=5))
print(Counter(), isinstance(c, dict), isinstance(c, Counter), dict(Counter([1, 1, 2])))
d = defaultdict(list)
d['a'].append(1); d['a'].append(2); d['b']
print(d, d['a'], len(d), isinstance(d, dict), d.get('zz'), 'zz' in d)
n = defaultdict(int)
for w in 'the cat the hat the'.split():
    n[w] += 1
print(n, sorted(n.items(), key=lambda kv: -kv[1]), dict(n))
o = OrderedDict()
o['b'] = 1; o['a'] = 2
o.move_to_end('b')
print(o, list(o), o.popitem(), OrderedDict(), OrderedDict([('x', 1)]))
q = deque([1, 2, 3], maxlen=3)
q.append(4); q.appendleft(0)
print(q, q.maxlen, len(q), q[0], q[-1], list(q))
q2 = deque()
q2.extend([1, 2, 3]); q2.rotate(1)
print(q2, q2.popleft(), q2.pop(), q2, deque('ab'), 2 in q2)
try:
    deque().pop()
except IndexError as e:
    print('IndexError', e)
P = namedtuple('P', 'x y')
Q = namedtuple('Q', ['a', 'b', 'c'], defaults=[0])
p = P(1, y=2)
print(p, p.x, p[1], p._asdict(), p._replace(x=5), P._fields, Q(1, 2), isinstance(p, tuple), isinstance(p, P))
x, y = p
print(x + y, p == (1, 2), P._make([3, 4]), tuple(p), len(p))
try:
    P(1)
except TypeError as e:
    print('TypeError', e)
`,
  dataclasses: `
from dataclasses import dataclass, field, asdict, astuple, fields, replace, is_dataclass
from typing import List, Optional
@dataclass
class Cfg:
    lr: float = 0.1
    layers: List[int] = field(default_factory=list)
    name: str = 'x'
    dropout: Optional[float] = None
cfg = Cfg(lr=0.5)
print(cfg, asdict(cfg), astuple(cfg), cfg == Cfg(0.5), cfg == Cfg(0.4))
print([f.name for f in fields(Cfg)], is_dataclass(cfg), is_dataclass(3), replace(cfg, name='y'))
cfg.layers.append(3)
print(Cfg().layers, cfg.layers, Cfg.lr)
@dataclass
class Point:
    x: int
    y: int = 0
    def norm2(self):
        return self.x ** 2 + self.y ** 2
    def __post_init__(self):
        self.tag = 'p'
print(Point(3, 4), Point(3, 4).norm2(), Point(1).tag)
try:
    Point()
except TypeError as e:
    print('TypeError', e)
try:
    Point(1, 2, 3)
except TypeError as e:
    print('TypeError', e)
@dataclass(frozen=True)
class F:
    a: int
f = F(1)
try:
    f.a = 2
except Exception as e:
    print(type(e).__name__, e)
@dataclass(order=True)
class O:
    k: int
    v: str = ''
print(sorted([O(3), O(1, 'a'), O(2)]), O(1) < O(2))
@dataclass
class Child(Point):
    z: int = 5
print(Child(1, 2), Child(1, 2, 3).z)
@dataclass
class Nested:
    p: Point
    items: list = field(default_factory=lambda: [1, 2])
print(asdict(Nested(Point(1, 2))))
`,
};
