// The process and its files: os, io, pathlib, sys, json, re, time, warnings, contextlib/enum/abc, typing, statistics.
// Each program runs on our interpreter and on CPython 3.11; stdlib.test.ts compares their output.
export const SYSTEM_CASES: Record<string, string> = {
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
};
