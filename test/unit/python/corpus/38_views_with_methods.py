# Dict views in loops, context managers (native and Python, suppressing or not), method calls with self.
from collections import OrderedDict, defaultdict

d = {'a': 1, 'b': 2, 'c': 3}
for k in d.keys():
    print('key', k)
for v in d.values():
    print('value', v)
for item in d.items():
    print('item', item, type(item).__name__)
for k, v in d.items():
    d[k] = v * 10  # changing values (not the size) while iterating is allowed
print(d)
print(list(d.values()), list(d.keys()), list(d.items()))
print(sum(x for x in d.values()), sorted(d.items(), key=lambda kv: -kv[1]))
print(list({}.values()), list({}.items()))
od = OrderedDict([('x', 1), ('y', 2)])
print([k for k in od.keys()], [v for v in od.values()], [i for i in od.items()])
dd = defaultdict(list)
dd['p'].append(1)
dd['q'].append(2)
print([i for i in dd.items()], [v for v in dd.values()])


class Box:
    def __init__(self):
        self.w = 1
        self.h = 2


b = Box()
print([kv for kv in b.__dict__.items()], list(b.__dict__.keys()), list(b.__dict__.values()))
for name, val in vars(b).items():
    print(name, val)


class Manager:
    def __init__(self, name, suppress=False):
        self.name = name
        self.suppress = suppress

    def __enter__(self):
        print('enter', self.name)
        return self

    def __exit__(self, et, ev, tb):
        print('exit', self.name, et.__name__ if et else None, ev)
        return self.suppress


with Manager('plain') as m:
    print('inside', m.name)
with Manager('quiet', suppress=True):
    raise ValueError('swallowed')
print('after quiet')
try:
    with Manager('loud'):
        raise KeyError('k')
except KeyError as e:
    print('caught', repr(e))
with Manager('outer'), Manager('inner', suppress=True):
    raise TypeError('inner takes it')
try:
    with Manager('outer2', suppress=True), Manager('inner2'):
        raise RuntimeError('outer takes it')
    print('outer2 suppressed')
except RuntimeError:
    print('not reached')


def early():
    with Manager('ret'):
        return 'returned'


print(early())
for i in range(3):
    with Manager(f'loop{i}'):
        if i == 1:
            continue
        if i == 2:
            break
        print('body', i)


class Counter:
    def __init__(self):
        self.n = 0

    def add(self, *xs, scale=1):
        self.n += sum(xs) * scale
        return self.n

    def __call__(self, x):
        return self.add(x)

    @classmethod
    def make(cls, *a):
        return (cls.__name__, a)

    @staticmethod
    def twice(x):
        return 2 * x


c = Counter()
print(c.add(), c.add(1), c.add(1, 2, 3), c.add(*[4, 5], scale=2))
bound = c.add
print(bound(10), bound(*(1, 1)), c(100), Counter.make(1, 2), c.make(), Counter.twice(4), c.twice(5))
print(Counter.add(c, 7), c.n)
try:
    c.add(1, nope=2)
except TypeError as e:
    print('TypeError', e)
