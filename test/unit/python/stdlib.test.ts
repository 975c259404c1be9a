// The standard library against CPython 3.11: each program's output (stdout and stderr) on our interpreter must
// equal CPython's for the same program (see stdlib_harness.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ready } from './helpers';
import { runBoth } from './stdlib_harness';

export const CASES: Record<string, string> = {
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
  os: `
import os
import os.path
print(os.path.join('a', 'b', 'c.txt'), os.path.join('/x', '/abs', 'y'), os.path.join('a/', 'b'), os.path.join('a', ''))
print(os.path.splitext('x/y.tar.gz'), os.path.splitext('.bashrc'), os.path.splitext('a.b/c'), os.path.splitext('noext'))
print(os.path.basename('/a/b'), os.path.basename('/a/b/'), os.path.dirname('/a/b'), os.path.dirname('a'), os.path.split('a/b/c'))
print(os.path.normpath('a//b/./c/../d'), os.path.normpath('../x'), os.path.normpath('/..'), os.path.isabs('/a'), os.path.isabs('a'))
print(os.sep, os.path.sep, os.name, os.curdir, os.pardir, os.linesep == '\\n')
print(os.path.exists('data_dir_xyz'), os.path.isdir('data_dir_xyz'))
os.makedirs('data_dir_xyz/sub', exist_ok=True)
os.makedirs('data_dir_xyz/sub', exist_ok=True)
print(os.path.exists('data_dir_xyz/sub'), os.path.isdir('data_dir_xyz'), os.path.isfile('data_dir_xyz'), os.listdir('data_dir_xyz'))
with open(os.path.join('data_dir_xyz', 'f.txt'), 'w') as fh:
    fh.write('hello')
print(sorted(os.listdir('data_dir_xyz')), os.path.isfile('data_dir_xyz/f.txt'), os.path.getsize('data_dir_xyz/f.txt'))
os.mkdir('data_dir_xyz/m')
try:
    os.mkdir('data_dir_xyz/m')
except FileExistsError as e:
    print('FileExistsError', e, e.errno, e.filename)
try:
    os.makedirs('data_dir_xyz/sub')
except OSError as e:
    print(type(e).__name__, e)
os.remove('data_dir_xyz/f.txt')
print(os.path.exists('data_dir_xyz/f.txt'), os.path.abspath('q') == os.path.join(os.getcwd(), 'q'))
print(os.environ.get('LOSS_LENS_UNSET_VAR'), os.getenv('LOSS_LENS_UNSET_VAR', 'dflt'), 'LOSS_LENS_UNSET_VAR' in os.environ)
try:
    os.listdir('nope_dir')
except FileNotFoundError as e:
    print('FileNotFoundError', e)
`,
  files: `
with open('notes.txt', 'w') as f:
    n = f.write('line one\\n')
    f.write('line two\\nthree')
    print(n, f.closed, f.name, f.mode)
print(f.closed)
with open('notes.txt') as f:
    print(repr(f.read()))
with open('notes.txt', 'r') as f:
    print(repr(f.readline()), repr(f.readline()), repr(f.readline()), repr(f.readline()))
with open('notes.txt') as f:
    print(f.readlines())
for line in open('notes.txt'):
    print(line.rstrip())
with open('notes.txt', 'a') as f:
    f.write('\\nfour')
print(open('notes.txt').read().split('\\n'))
f = open('notes.txt')
print(f.read(4), f.read(4), f.tell())
f.close()
try:
    f.read()
except ValueError as e:
    print('ValueError', e)
with open('data.bin', 'wb') as f:
    f.write(bytes([0, 1, 2, 255, 10, 65]))
with open('data.bin', 'rb') as f:
    b = f.read()
print(b, len(b), b[3], list(b), b[1:3])
try:
    open('missing.txt')
except FileNotFoundError as e:
    print('FileNotFoundError', e, e.errno)
try:
    open('notes.txt', 'w').write(3)
except TypeError as e:
    print('TypeError', e)
try:
    open('no_dir/x.txt', 'w')
except FileNotFoundError as e:
    print('FileNotFoundError', e)
import csv_missing_module_xyz
`,
  pathlib: `
from pathlib import Path
p = Path('runs') / 'exp1' / 'model.pt'
print(p, repr(p), p.name, p.stem, p.suffix, p.parent, p.parent.parent, p.parts)
print(Path('a/b.tar.gz').suffixes, Path('/x/y').is_absolute(), Path('x') / Path('y'), str(Path('a//b/./c')))
print(p.exists(), p.parent.exists())
p.parent.mkdir(parents=True, exist_ok=True)
print(p.parent.exists(), p.parent.is_dir(), p.exists())
n = p.write_text('hi there')
print(n, p.read_text(), p.exists(), p.is_file(), p.with_suffix('.bin'), p.with_name('other.txt'))
with p.open('a') as f:
    f.write('!')
print(p.read_text(), sorted(x.name for x in p.parent.iterdir()), f'{p}')
try:
    Path('nothing_here.txt').read_text()
except FileNotFoundError as e:
    print('FileNotFoundError', e)
try:
    Path('runs').mkdir()
except FileExistsError as e:
    print('FileExistsError', e)
`,
  io: `
import io
s = io.StringIO()
s.write('hello\\n')
print('world', end='!')
print(s.write('x'), repr(s.getvalue()))
r = io.StringIO('a\\nb\\nc')
print(r.readline(), r.readlines(), r.read())
for line in io.StringIO('1\\n2\\n'):
    print(repr(line))
b = io.BytesIO()
b.write(bytes([104, 105]))
print(b.getvalue(), b.tell())
b.seek(0)
print(b.read(1))
with io.StringIO('ctx') as c:
    print(c.read())
print(c.closed)
`,
  sys: `
import sys
print(sys.argv, sys.platform, sys.maxsize, sys.version_info[0], sys.version_info.major, sys.version_info >= (3, 8))
sys.stdout.write('written\\n')
n = sys.stdout.write('abc')
sys.stdout.flush()
print('', n)
sys.stderr.write('to stderr\\n')
print('to', 'stderr', sep='-', file=sys.stderr)
print('to stdout', file=sys.stdout, end='|\\n')
with open('log.txt', 'w') as log:
    print('epoch', 1, file=log)
    print('done', file=log, end='')
print(repr(open('log.txt').read()), file=None)
print('before exit')
sys.exit(0)
print('not reached')
`,
  sys_exit_code: `
import sys
def main():
    print('main ran')
    return 3
if __name__ == '__main__':
    sys.exit(main())
`,
  sys_exit_message: `
import sys
try:
    sys.exit(2)
except SystemExit as e:
    print('caught', e.code)
sys.exit('fatal: bad config')
`,
  json: `
import json
print(json.dumps({'b': 1, 'a': [1.5, None, True, False], 'c': 'x"y'}), json.dumps([]), json.dumps({}))
print(json.dumps({'b': 1, 'a': {'z': [1, 2], 'y': {}}}, indent=2, sort_keys=True))
print(json.dumps([1, [2, 3]], indent=4), json.dumps({'k': 1}, separators=(',', ':')), json.dumps('é'), json.dumps('é', ensure_ascii=False))
print(json.dumps({1: 'a', 2.5: 'b', True: 'c', None: 'd'}), json.dumps(float('nan')), json.dumps((1, 2)), json.dumps(1e100), json.dumps(0.1))
print(json.loads('{"a": [1, 2.0, "x", null, true, false, -3e2], "b": {"c": "\\\\u00e9\\\\n"}}'))
print(json.loads('  [1, 2]  '), json.loads('"s"'), json.loads('3'), json.loads('NaN'))
with open('cfg.json', 'w') as f:
    json.dump({'lr': 0.01, 'epochs': 3}, f, indent=2)
with open('cfg.json') as f:
    print(json.load(f), open('cfg.json').read())
try:
    json.dumps({'x': object()})
except TypeError as e:
    print('TypeError', e)
try:
    json.loads('{"a": 1,}')
except json.JSONDecodeError as e:
    print('JSONDecodeError', e)
try:
    json.loads('[1, 2')
except ValueError as e:
    print('ValueError', e)
`,
  re: `
import re
print(re.sub(r'(\\d+)', r'<\\1>', 'a12b3'), re.sub(r'\\s+', ' ', 'a   b \\t c'), re.sub('a', lambda m: m.group(0).upper(), 'banana'), re.sub('a', 'o', 'banana', count=2))
print(re.findall(r'\\w+', 'hi there, you'), re.findall(r'(\\w)(\\d)', 'a1 b2 c'), re.findall(r'x(\\d)', 'x1 x2'))
print(re.split(r'[,;]\\s*', 'a, b;c'), re.split(r'(,)', 'a,b'), re.split(r'\\d', 'a1b2c', maxsplit=1))
m = re.match(r'(?P<key>\\w+)=(\\d+)', 'lr=3 rest')
print(m.group('key'), m.group(2), m.group(0), m.groups(), m.groupdict(), m.span(), m.start(2), m.end(), m)
print(re.match(r'\\d', 'a1'), re.search(r'\\d', 'a1').group(), re.fullmatch(r'\\d+', '123') is not None, re.fullmatch(r'\\d+', '12a'))
pat = re.compile(r'layer(\\d+)\\.(weight|bias)', re.I)
print(pat.pattern, pat.groups, [m.group(1) for m in pat.finditer('Layer1.weight layer22.BIAS')], pat.search('x LAYER3.Weight').groups())
print(re.sub(r'(?P<a>\\w)(?P<b>\\w)', r'\\g<b>\\g<a>', 'abcd'), re.escape('a.b*c'), re.findall(r'^\\w', 'ab\\ncd', re.M), re.findall(r'a.b', 'a\\nb', re.S))
print(re.compile(r'''
    (\\d+)   # digits
    \\.      # dot
''', re.X).findall('1.2.'))
print(re.subn(r'o', '0', 'foo boo'), re.search(r'(a)?b', 'b').group(1), re.search(r'(a)?b', 'b').groups('-'))
try:
    re.compile('(')
except re.error as e:
    print('re.error')
`,
  string_time_timeit: `
import string, time, timeit
print(string.ascii_letters, string.digits, string.punctuation, string.ascii_uppercase, repr(string.whitespace), string.capwords('hello  world'))
t0 = time.time(); p0 = time.perf_counter(); d0 = timeit.default_timer()
time.sleep(0.01)
t1 = time.time(); p1 = time.perf_counter(); d1 = timeit.default_timer()
print(t1 >= t0 + 0.009, p1 - p0 >= 0.009, d1 - d0 >= 0.009, isinstance(time.time(), float), time.time() > 1.6e9)
print(timeit.timeit(lambda: sum(range(10)), number=3) >= 0)
`,
  warnings: `
import warnings
warnings.warn('first warning')
for i in range(3):
    warnings.warn('in a loop')
warnings.warn('deprecated thing', DeprecationWarning)
warnings.warn('careful', RuntimeWarning)
print('after warnings')
warnings.filterwarnings('ignore')
warnings.warn('ignored')
print('done')
`,
  contextlib_enum_abc: `
from contextlib import contextmanager, nullcontext, suppress
from enum import Enum, IntEnum, auto
from abc import ABC, abstractmethod
@contextmanager
def tag(name):
    print('<' + name + '>')
    yield name.upper()
    print('</' + name + '>')
with tag('b') as t:
    print('inside', t)
with nullcontext(5) as v:
    print(v)
with suppress(KeyError, ZeroDivisionError):
    1 / 0
print('suppressed')
class Color(Enum):
    RED = 1
    GREEN = 2
    BLUE = auto()
print(Color.RED, repr(Color.GREEN), Color.RED.name, Color.GREEN.value, Color['BLUE'], Color.BLUE.value, Color.RED == Color.RED, Color.RED == 1, isinstance(Color.RED, Color))
class Prio(IntEnum):
    LOW = 1
    HIGH = 2
print(Prio.LOW == 1, Prio.HIGH > Prio.LOW, Prio.HIGH.name)
class Base(ABC):
    @abstractmethod
    def f(self):
        pass
class Impl(Base):
    def f(self):
        return 'impl'
print(Impl().f(), isinstance(Impl(), Base))
`,
  typing: `
from typing import List, Dict, Tuple, Optional, Union, Callable, Any, Iterable, Iterator, Sequence, TypeVar, Generic, Set
import typing
T = TypeVar('T')
class Box(Generic[T]):
    def __init__(self, item: T) -> None:
        self.item = item
    def get(self) -> T:
        return self.item
def f(xs: List[int], m: Dict[str, float], t: Tuple[int, ...], o: Optional[str] = None, u: Union[int, str] = 1, c: Callable[[int], int] = abs) -> Any:
    return len(xs) + len(m)
class C:
    a: int
    b: List[str] = []
print(f([1, 2], {'a': 1.0}, (1,)), Box(3).get(), Box[int](4).get(), T, C.__annotations__)
print(List[int], Optional[int], Dict[str, int], typing.Any, Union[int, str])
`,
  statistics_pprint: `
import statistics, pprint
print(statistics.mean([1, 2, 3, 4]), statistics.mean([1.5, 2.5]), statistics.median([3, 1, 2]), statistics.median([4, 1, 2, 3]))
print(statistics.stdev([1, 2, 3, 4]), statistics.variance([2.5, 3.5, 1.0]), statistics.pstdev([1, 2, 3, 4]), statistics.mode([1, 2, 2, 3]))
try:
    statistics.mean([])
except statistics.StatisticsError as e:
    print('StatisticsError', e)
pprint.pprint({'b': list(range(30)), 'a': {'x': 'y' * 60, 'z': 1}})
pprint.pprint({'z': 1, 'a': 2, 'm': [1, 2]})
pprint.pprint([{'name': 'layer%d' % i, 'shape': (i, i + 1), 'params': i * 1000} for i in range(4)])
print(pprint.pformat({'k': (1,), 'j': []}, width=20))
pprint.pprint(list(range(40)), compact=True)
pprint.pprint({'lr': 0.001, 'epochs': 10, 'hidden': [64, 64]}, sort_dicts=False)
`,
  argparse: `
import argparse
parser = argparse.ArgumentParser(description='Train a model on synthetic data.')
parser.add_argument('data', nargs='?', default='d')
parser.add_argument('--lr', type=float, default=0.1, help='learning rate (default: %(default)s)')
parser.add_argument('--epochs', type=int, default=3)
parser.add_argument('--opt', choices=['sgd', 'adam'], default='sgd')
parser.add_argument('--no-cuda', action='store_true', default=False, help='disables CUDA training')
parser.add_argument('--no-shuffle', dest='shuffle', action='store_false')
parser.add_argument('-v', '--verbose', action='count', default=0)
parser.add_argument('--seed', type=int, default=1, metavar='S', help='random seed (default: 1)')
group = parser.add_argument_group('model', 'model options')
group.add_argument('--hidden', type=int, nargs='+', default=[32])
group.add_argument('--tag', action='append')
args = parser.parse_args()
print(args)
print(args.lr, args.no_cuda, args.shuffle, vars(args)['epochs'])
print(parser.parse_args(['x', '--lr', '0.5', '--hidden', '1', '2', '-vv', '--no-cuda', '--opt=adam', '--tag', 'a', '--tag', 'b', '--seed=7']))
print(parser.parse_args(['--epochs', '-1', '--lr=1e-3']))
ns, extra = parser.parse_known_args(['--lr', '2', '--unknown', 'u'])
print(ns.lr, extra)
print(argparse.Namespace(a=1, b='x'), argparse.Namespace(a=1) == argparse.Namespace(a=1))
parser.print_help()
parser.parse_args(['--lr', 'fast'])
`,
  argparse_errors: `
import argparse
p = argparse.ArgumentParser(prog='train.py')
p.add_argument('--opt', choices=['sgd', 'adam'])
p.add_argument('--n', type=int, required=True)
for bad in [['--opt', 'rms', '--n', '1'], [], ['--n'], ['--n', '1', 'extra', '--zzz'], ['--n', '1', '--opt']]:
    try:
        p.parse_args(bad)
    except SystemExit as e:
        print('exit', e.code)
p2 = argparse.ArgumentParser()
p2.add_argument('file')
p2.add_argument('--k', type=int, default='5')
print(p2.parse_args(['f.txt']))
p2.parse_args(['-h'])
print('not reached')
`,
  math_random: `
import math, random
print(math.comb(10, 3), math.perm(5, 2), math.perm(4), math.lcm(4, 6, 10), math.isqrt(99), math.isqrt(10 ** 20 + 1))
print(math.fmod(7.5, 2), math.modf(3.25), math.modf(-2.5), math.frexp(8.0), math.frexp(0.3), math.ldexp(0.75, 4))
print(math.asinh(1.0), math.acosh(2.0), math.atanh(0.5), math.cbrt(8.0), math.exp2(10), math.dist((0, 0), (3, 4)))
random.seed(42)
print(random.choices(['a', 'b', 'c'], k=5), random.choices(range(10), weights=[1] * 9 + [20], k=4))
print(random.choices('xyz', cum_weights=[1, 5, 6], k=3), random.expovariate(2.0), random.triangular(0, 10, 2), random.lognormvariate(0, 1))
r = random.Random(7)
print(r.random(), r.randint(1, 100), r.choice('abc'))
random.seed(7)
print(random.random(), random.randint(1, 100), random.choice('abc'))
`,
  collections_abc: `
from collections.abc import Iterable, Mapping, Sequence, Callable, Iterator, Sized
import collections
def gen():
    yield 1
for i, v in enumerate([[1], (1,), 'ab', {'a': 1}, 3, None, len, gen(), iter([1]), range(3), {1}, lambda: 0]):
    print(i, isinstance(v, Iterable), isinstance(v, Mapping), isinstance(v, Sequence), isinstance(v, Callable), isinstance(v, Iterator), isinstance(v, Sized))
print(isinstance({}, collections.abc.Mapping))
`,
  logging: `
import logging
logging.warning('w1')
logging.info('i1')
logging.basicConfig(level=logging.INFO, format='%(levelname)s %(name)s: %(message)s')
logging.info('i2 %d', 5)
log = logging.getLogger('train')
log.info('epoch %s', 3)
log.debug('dbg')
log.setLevel(logging.DEBUG)
log.debug('dbg2')
log.error('bad')
print(log.name, logging.getLogger('train') is log, log.level, logging.INFO, logging.getLevelName(logging.ERROR))
child = logging.getLogger('train.sub')
child.warning('from child %s and %s', 1, 'x')
h = logging.StreamHandler()
h.setFormatter(logging.Formatter('[%(name)s|%(levelname)s] %(message)s'))
other = logging.getLogger('other')
other.propagate = False
other.addHandler(h)
other.warning('own handler')
other.info('below the root level')
`,
  glob_shutil_pickle_gc: `
import glob, os, shutil, pickle, gc
os.makedirs('runs/a/deep', exist_ok=True)
os.makedirs('runs/b', exist_ok=True)
for p in ['runs/a/m1.pt', 'runs/a/m2.pt', 'runs/b/log.txt', 'runs/a/deep/x.pt', 'runs/.hidden.pt', 'top.txt']:
    with open(p, 'w') as f:
        f.write(p)
print(sorted(glob.glob('runs/*/*.pt')), sorted(glob.glob('runs/*')), sorted(glob.glob('*.txt')), glob.glob('nomatch*'))
print(sorted(glob.glob('runs/**/*.pt', recursive=True)), sorted(glob.glob('runs/a/m[12].pt')), sorted(glob.glob('runs/?/log.txt')))
print(shutil.copy('top.txt', 'runs/b'), open('runs/b/top.txt').read(), shutil.copyfile('top.txt', 'copy.txt'))
shutil.move('copy.txt', 'moved.txt')
print(os.path.exists('copy.txt'), open('moved.txt').read())
shutil.rmtree('runs/a')
print(os.path.exists('runs/a'), sorted(os.listdir('runs')))
data = {'losses': [1.5, 0.5], 'cfg': ('adam', 3), 'nested': {'k': [1, {2}]}}
blob = pickle.dumps(data)
back = pickle.loads(blob)
print(back == data, back is data, type(blob).__name__)
with open('state.pkl', 'wb') as f:
    pickle.dump(data, f)
data['losses'].append(9)
with open('state.pkl', 'rb') as f:
    print(pickle.load(f))
print(gc.collect() >= 0, gc.isenabled())
`,
  missing_module: `
import os
print('ok')
import torchvision_not_a_module_xyz
`,
};

for (const [name, source] of Object.entries(CASES)) {
  test(`stdlib vs CPython: ${name}`, async () => {
    await ready;
    const { ours, cpython } = runBoth(source);
    assert.equal(ours, cpython);
  });
}
