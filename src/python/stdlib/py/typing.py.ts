// statistics and typing: Python modules written for our interpreter's subset after CPython's own.
export const STATISTICS_PY = String.raw`
import math

class StatisticsError(ValueError):
    pass

def _data(data, what, n=1):
    data = list(data)
    if len(data) < n:
        if n == 1:
            raise StatisticsError(what + ' requires at least one data point')
        raise StatisticsError(what + ' requires at least two data points')
    return data

def _sum(data):
    if all([isinstance(x, int) for x in data]):
        return sum(data)
    return math.fsum(data)

def mean(data):
    data = _data(data, 'mean')
    total = _sum(data)
    if isinstance(total, int) and total % len(data) == 0:
        return total // len(data)
    return total / len(data)

def fmean(data):
    data = _data(data, 'fmean')
    return math.fsum(data) / len(data)

def median(data):
    data = sorted(_data(data, 'median'))
    n = len(data)
    if n % 2 == 1:
        return data[n // 2]
    i = n // 2
    return (data[i - 1] + data[i]) / 2

def median_low(data):
    data = sorted(_data(data, 'median_low'))
    n = len(data)
    return data[n // 2] if n % 2 == 1 else data[n // 2 - 1]

def median_high(data):
    data = sorted(_data(data, 'median_high'))
    return data[len(data) // 2]

def mode(data):
    data = _data(data, 'mode')
    counts = {}
    for x in data:
        counts[x] = counts.get(x, 0) + 1
    best = None
    for x, c in counts.items():
        if best is None or c > counts[best]:
            best = x
    return best

def _ss(data):
    m = math.fsum(data) / len(data)
    return math.fsum([(x - m) ** 2 for x in data])

def variance(data, xbar=None):
    data = _data(data, 'variance', 2)
    return _ss(data) / (len(data) - 1)

def pvariance(data, mu=None):
    data = _data(data, 'pvariance')
    return _ss(data) / len(data)

def stdev(data, xbar=None):
    return math.sqrt(variance(data))

def pstdev(data, mu=None):
    return math.sqrt(pvariance(data))
`;

export const TYPING_PY = String.raw`
def _name(t):
    if t is None:
        return 'None'
    if isinstance(t, type):
        return t.__name__ if t.__module__ == 'builtins' or t.__module__ == '' else t.__module__ + '.' + t.__name__
    if isinstance(t, str):
        return repr(t)
    return repr(t)

class _Alias:
    def __init__(self, name, params):
        self._name = name
        self.__args__ = params
    def __getitem__(self, params):
        return self
    def __call__(self, *args, **kwargs):
        raise TypeError('Type ' + self._name + ' cannot be instantiated')
    def __repr__(self):
        if self._name == 'Optional':
            return 'typing.Optional[' + _name(self.__args__[0]) + ']'
        if self._name == 'Callable' and len(self.__args__) == 2 and isinstance(self.__args__[0], list):
            return 'typing.Callable[[' + ', '.join([_name(a) for a in self.__args__[0]]) + '], ' + _name(self.__args__[1]) + ']'
        return 'typing.' + self._name + '[' + ', '.join([_name(a) for a in self.__args__]) + ']'

class _Form:
    def __init__(self, name):
        self._name = name
    def __getitem__(self, params):
        if not isinstance(params, tuple):
            params = (params,)
        if self._name == 'Union' and len(params) == 2 and params[1] is None:
            return _Alias('Optional', params[:1])
        return _Alias(self._name, params)
    def __call__(self, *args, **kwargs):
        raise TypeError('Cannot instantiate typing.' + self._name)
    def __repr__(self):
        return 'typing.' + self._name

Any = _Form('Any')
List = _Form('List')
Dict = _Form('Dict')
Tuple = _Form('Tuple')
Set = _Form('Set')
FrozenSet = _Form('FrozenSet')
Optional = _Form('Optional')
Union = _Form('Union')
Callable = _Form('Callable')
Iterable = _Form('Iterable')
Iterator = _Form('Iterator')
Generator = _Form('Generator')
Sequence = _Form('Sequence')
MutableSequence = _Form('MutableSequence')
Mapping = _Form('Mapping')
MutableMapping = _Form('MutableMapping')
Type = _Form('Type')
Literal = _Form('Literal')
ClassVar = _Form('ClassVar')
Final = _Form('Final')
Collection = _Form('Collection')
Container = _Form('Container')
Hashable = _Form('Hashable')
Sized = _Form('Sized')
DefaultDict = _Form('DefaultDict')
OrderedDict = _Form('OrderedDict')
Counter = _Form('Counter')
Deque = _Form('Deque')
Awaitable = _Form('Awaitable')
NoReturn = _Form('NoReturn')
Annotated = _Form('Annotated')
TYPE_CHECKING = False

class TypeVar:
    def __init__(self, name, *constraints, bound=None, covariant=False, contravariant=False):
        self.__name__ = name
        self.__constraints__ = constraints
        self.__bound__ = bound
    def __repr__(self):
        return '~' + self.__name__

AnyStr = TypeVar('AnyStr', str)

class Generic:
    def __class_getitem__(cls, params):
        return cls

class Protocol(Generic):
    pass

def cast(typ, val):
    return val

def overload(func):
    return func

def final(f):
    return f

def no_type_check(f):
    return f

def runtime_checkable(cls):
    return cls

def NewType(name, tp):
    def new_type(x):
        return x
    new_type.__name__ = name
    return new_type

def get_type_hints(obj, globalns=None, localns=None):
    return dict(getattr(obj, '__annotations__', {}))
`;
