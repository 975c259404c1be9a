// functools, contextlib and abc: Python modules whose CPython versions are Python too,
// written again for our interpreter's subset (no metaclasses, no dynamic class creation).
export const FUNCTOOLS_PY = String.raw`
WRAPPER_ASSIGNMENTS = ('__module__', '__name__', '__qualname__', '__doc__')

def update_wrapper(wrapper, wrapped, assigned=WRAPPER_ASSIGNMENTS, updated=()):
    for attr in assigned:
        try:
            value = getattr(wrapped, attr)
        except AttributeError:
            continue
        try:
            setattr(wrapper, attr, value)
        except (AttributeError, TypeError):
            pass
    wrapper.__wrapped__ = wrapped
    return wrapper

def wraps(wrapped, assigned=WRAPPER_ASSIGNMENTS, updated=()):
    def decorator(wrapper):
        return update_wrapper(wrapper, wrapped, assigned, updated)
    return decorator

class partial:
    def __init__(self, func, *args, **keywords):
        if not callable(func):
            raise TypeError('the first argument must be callable')
        self.func = func
        self.args = args
        self.keywords = keywords
    def __call__(self, *args, **keywords):
        kw = dict(self.keywords)
        kw.update(keywords)
        return self.func(*self.args, *args, **kw)
    def __repr__(self):
        parts = [repr(self.func)] + [repr(a) for a in self.args] + [k + '=' + repr(v) for k, v in self.keywords.items()]
        return 'functools.partial(' + ', '.join(parts) + ')'

_initial_missing = object()

def reduce(function, sequence, initial=_initial_missing):
    it = iter(sequence)
    if initial is _initial_missing:
        try:
            value = next(it)
        except StopIteration:
            raise TypeError('reduce() of empty iterable with no initial value') from None
    else:
        value = initial
    for element in it:
        value = function(value, element)
    return value

class _CacheInfo:
    def __init__(self, hits, misses, maxsize, currsize):
        self.hits = hits
        self.misses = misses
        self.maxsize = maxsize
        self.currsize = currsize
    def __repr__(self):
        return 'CacheInfo(hits=%r, misses=%r, maxsize=%r, currsize=%r)' % (self.hits, self.misses, self.maxsize, self.currsize)
    def __eq__(self, other):
        return (self.hits, self.misses, self.maxsize, self.currsize) == tuple(other)
    def __iter__(self):
        return iter((self.hits, self.misses, self.maxsize, self.currsize))

class _lru_cache_wrapper:
    def __init__(self, func, maxsize, typed):
        self.__wrapped__ = func
        self._func = func
        self._maxsize = maxsize
        self._cache = {}
        self._hits = 0
        self._misses = 0
        update_wrapper(self, func)
    def __call__(self, *args, **kwargs):
        key = args
        if kwargs:
            key = args + (_kwd_mark,) + tuple(kwargs.items())
        if key in self._cache:
            self._hits += 1
            value = self._cache.pop(key)
            self._cache[key] = value
            return value
        self._misses += 1
        value = self._func(*args, **kwargs)
        if self._maxsize != 0:
            self._cache[key] = value
            if self._maxsize is not None and len(self._cache) > self._maxsize:
                del self._cache[next(iter(self._cache))]
        return value
    def cache_info(self):
        return _CacheInfo(self._hits, self._misses, self._maxsize, len(self._cache))
    def cache_clear(self):
        self._cache = {}
        self._hits = 0
        self._misses = 0

_kwd_mark = object()

def lru_cache(maxsize=128, typed=False):
    if callable(maxsize) and not isinstance(maxsize, int):
        return _lru_cache_wrapper(maxsize, 128, False)
    def decorating_function(user_function):
        return _lru_cache_wrapper(user_function, maxsize, typed)
    return decorating_function

def cache(user_function):
    return _lru_cache_wrapper(user_function, None, False)

def total_ordering(cls):
    defined = [op for op in ('__lt__', '__le__', '__gt__', '__ge__') if getattr(cls, op, None) is not getattr(object, op, None)]
    if not defined:
        raise ValueError('must define at least one ordering operation: < > <= >=')
    root = defined[0]
    if root == '__lt__':
        def __gt__(self, other): return not (self < other) and self != other
        def __le__(self, other): return self < other or self == other
        def __ge__(self, other): return not (self < other)
        fns = {'__gt__': __gt__, '__le__': __le__, '__ge__': __ge__}
    elif root == '__le__':
        def __ge__(self, other): return not (self <= other) or self == other
        def __lt__(self, other): return self <= other and not self == other
        def __gt__(self, other): return not (self <= other)
        fns = {'__ge__': __ge__, '__lt__': __lt__, '__gt__': __gt__}
    elif root == '__gt__':
        def __lt__(self, other): return not (self > other) and self != other
        def __ge__(self, other): return self > other or self == other
        def __le__(self, other): return not (self > other)
        fns = {'__lt__': __lt__, '__ge__': __ge__, '__le__': __le__}
    else:
        def __le__(self, other): return not (self >= other) or self == other
        def __gt__(self, other): return self >= other and not self == other
        def __lt__(self, other): return not (self >= other)
        fns = {'__le__': __le__, '__gt__': __gt__, '__lt__': __lt__}
    for name, fn in fns.items():
        if name not in defined:
            setattr(cls, name, fn)
    return cls

def cmp_to_key(mycmp):
    class K:
        def __init__(self, obj):
            self.obj = obj
        def __lt__(self, other):
            return mycmp(self.obj, other.obj) < 0
        def __gt__(self, other):
            return mycmp(self.obj, other.obj) > 0
        def __eq__(self, other):
            return mycmp(self.obj, other.obj) == 0
        def __le__(self, other):
            return mycmp(self.obj, other.obj) <= 0
        def __ge__(self, other):
            return mycmp(self.obj, other.obj) >= 0
    return K

def cached_property(func):
    name = func.__name__
    def getter(self):
        d = self.__dict__
        if '_cached_' + name not in d:
            d['_cached_' + name] = func(self)
        return d['_cached_' + name]
    return property(getter)
`;

export const CONTEXTLIB_PY = String.raw`
class _GeneratorContextManager:
    def __init__(self, func, args, kwds):
        self.gen = func(*args, **kwds)
    def __enter__(self):
        try:
            return next(self.gen)
        except StopIteration:
            raise RuntimeError("generator didn't yield") from None
    def __exit__(self, typ, value, traceback):
        if typ is None:
            try:
                next(self.gen)
            except StopIteration:
                return False
            raise RuntimeError("generator didn't stop")
        return False

def contextmanager(func):
    def helper(*args, **kwds):
        return _GeneratorContextManager(func, args, kwds)
    helper.__name__ = func.__name__
    helper.__wrapped__ = func
    return helper

class nullcontext:
    def __init__(self, enter_result=None):
        self.enter_result = enter_result
    def __enter__(self):
        return self.enter_result
    def __exit__(self, *excinfo):
        return False

class suppress:
    def __init__(self, *exceptions):
        self._exceptions = exceptions
    def __enter__(self):
        return None
    def __exit__(self, exctype, excinst, exctb):
        return exctype is not None and issubclass(exctype, self._exceptions)

class redirect_stdout:
    def __init__(self, new_target):
        self._new_target = new_target
    def __enter__(self):
        return self._new_target
    def __exit__(self, *excinfo):
        return False

class ExitStack:
    def __init__(self):
        self._exits = []
    def __enter__(self):
        return self
    def enter_context(self, cm):
        result = cm.__enter__()
        self._exits.append(cm)
        return result
    def callback(self, fn, *args, **kwds):
        self._exits.append((fn, args, kwds))
        return fn
    def close(self):
        self.__exit__(None, None, None)
    def __exit__(self, *excinfo):
        suppressed = False
        while self._exits:
            cm = self._exits.pop()
            if isinstance(cm, tuple):
                cm[0](*cm[1], **cm[2])
            elif cm.__exit__(*excinfo):
                suppressed = True
        return suppressed
`;

export const ABC_PY = String.raw`
def abstractmethod(funcobj):
    funcobj.__isabstractmethod__ = True
    return funcobj

class ABCMeta:
    pass

class ABC:
    pass

def abstractproperty(f):
    return property(abstractmethod(f))
`;
