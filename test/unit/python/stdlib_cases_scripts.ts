// What scripts use around training: argparse, math/random, collections.abc, logging, glob/shutil/pickle/gc, a missing module.
// Each program runs on our interpreter and on CPython 3.11; stdlib.test.ts compares their output.
export const SCRIPT_CASES: Record<string, string> = {
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
