// dataclasses and pprint, in Python. dataclass builds its methods as closures over the field list (CPython
// generates source and exec()s it; the behaviour and messages are the same for the supported options).
export const DATACLASSES_PY = String.raw`
import copy as _copy
from _stdlib import class_own_names as _class_own_names

class _MISSING_TYPE:
    def __repr__(self):
        return 'MISSING'
MISSING = _MISSING_TYPE()

class FrozenInstanceError(AttributeError):
    pass

class Field:
    def __init__(self, default, default_factory, init, repr, hash, compare, metadata, kw_only):
        self.name = None
        self.type = None
        self.default = default
        self.default_factory = default_factory
        self.init = init
        self.repr = repr
        self.hash = hash
        self.compare = compare
        self.metadata = metadata
        self.kw_only = kw_only
    def __repr__(self):
        return ('Field(name=%r,type=%r,default=%r,default_factory=%r,init=%r,repr=%r,hash=%r,compare=%r,metadata=%r,kw_only=%r,_field_type=_FIELD)'
                % (self.name, self.type, self.default, self.default_factory, self.init, self.repr, self.hash, self.compare, self.metadata, self.kw_only))

def field(*, default=MISSING, default_factory=MISSING, init=True, repr=True, hash=None, compare=True, metadata=None, kw_only=MISSING):
    if default is not MISSING and default_factory is not MISSING:
        raise ValueError('cannot specify both default and default_factory')
    return Field(default, default_factory, init, repr, hash, compare, metadata, kw_only)

def _is_classvar(tp):
    r = tp if isinstance(tp, str) else repr(tp)
    return r.startswith('typing.ClassVar') or r.startswith('ClassVar')

def _process_class(cls, init, repr_, eq, order, frozen):
    fields = {}
    base_fields = getattr(cls, '__dataclass_fields__', None)
    if base_fields is not None:
        for name, f in base_fields.items():
            fields[name] = f
    annotations = cls.__annotations__ if '__annotations__' in _own_names(cls) else {}
    for name, tp in annotations.items():
        if _is_classvar(tp):
            continue
        default = getattr(cls, name, MISSING)
        if isinstance(default, Field):
            f = default
        else:
            if isinstance(default, (list, dict, set)):
                raise ValueError('mutable default %s for field %s is not allowed: use default_factory' % (type(default), name))
            f = field(default=default)
        f.name = name
        f.type = tp
        if isinstance(default, Field):
            if f.default is MISSING:
                try:
                    delattr(cls, name)
                except AttributeError:
                    pass
            else:
                setattr(cls, name, f.default)
        fields[name] = f
    cls.__dataclass_fields__ = fields
    flist = list(fields.values())
    qual = cls.__qualname__
    seen_default = False
    for f in flist:
        if not f.init:
            continue
        if f.default is not MISSING or f.default_factory is not MISSING:
            seen_default = True
        elif seen_default:
            raise TypeError('non-default argument %r follows default argument' % f.name)

    if init:
        init_fields = [f for f in flist if f.init]
        def __init__(self, *args, **kwargs):
            if len(args) > len(init_fields):
                n_req = len([f for f in init_fields if f.default is MISSING and f.default_factory is MISSING])
                if n_req < len(init_fields):
                    takes = 'from %d to %d positional arguments' % (n_req + 1, len(init_fields) + 1)
                else:
                    takes = '%d positional argument%s' % (len(init_fields) + 1, '' if len(init_fields) == 0 else 's')
                raise TypeError('%s.__init__() takes %s but %d were given' % (qual, takes, len(args) + 1))
            values = {}
            for i in range(len(args)):
                values[init_fields[i].name] = args[i]
            for k, v in kwargs.items():
                if k not in [f.name for f in init_fields]:
                    raise TypeError("%s.__init__() got an unexpected keyword argument '%s'" % (qual, k))
                if k in values:
                    raise TypeError("%s.__init__() got multiple values for argument '%s'" % (qual, k))
                values[k] = v
            missing = [f.name for f in init_fields if f.name not in values and f.default is MISSING and f.default_factory is MISSING]
            if missing:
                names = ["'" + m + "'" for m in missing]
                joined = names[0] if len(names) == 1 else ', '.join(names[:-1]) + (',' if len(names) > 2 else '') + ' and ' + names[-1]
                raise TypeError('%s.__init__() missing %d required positional argument%s: %s' % (qual, len(missing), 's' if len(missing) > 1 else '', joined))
            for f in flist:
                if f.name in values:
                    v = values[f.name]
                elif f.default_factory is not MISSING:
                    v = f.default_factory()
                elif f.default is not MISSING:
                    v = f.default
                else:
                    continue
                object.__setattr__(self, f.name, v)
            post = getattr(self, '__post_init__', None)
            if post is not None:
                post()
        __init__.__qualname__ = qual + '.__init__'
        cls.__init__ = __init__
    if repr_:
        def __repr__(self):
            return qual + '(' + ', '.join([f.name + '=' + repr(getattr(self, f.name)) for f in flist if f.repr]) + ')'
        cls.__repr__ = __repr__
    cmp_fields = [f.name for f in flist if f.compare]
    def astup(self):
        return tuple([getattr(self, n) for n in cmp_fields])
    if eq:
        def __eq__(self, other):
            if other.__class__ is self.__class__:
                return astup(self) == astup(other)
            return NotImplemented
        cls.__eq__ = __eq__
    if order:
        def __lt__(self, other):
            if other.__class__ is self.__class__:
                return astup(self) < astup(other)
            return NotImplemented
        def __le__(self, other):
            if other.__class__ is self.__class__:
                return astup(self) <= astup(other)
            return NotImplemented
        def __gt__(self, other):
            if other.__class__ is self.__class__:
                return astup(self) > astup(other)
            return NotImplemented
        def __ge__(self, other):
            if other.__class__ is self.__class__:
                return astup(self) >= astup(other)
            return NotImplemented
        cls.__lt__ = __lt__
        cls.__le__ = __le__
        cls.__gt__ = __gt__
        cls.__ge__ = __ge__
    if frozen:
        names = [f.name for f in flist]
        def __setattr__(self, name, value):
            if name in names:
                raise FrozenInstanceError("cannot assign to field '%s'" % name)
            object.__setattr__(self, name, value)
        def __delattr__(self, name):
            if name in names:
                raise FrozenInstanceError("cannot delete field '%s'" % name)
        cls.__setattr__ = __setattr__
        cls.__delattr__ = __delattr__
    return cls

def _own_names(cls):
    return _class_own_names(cls)

def dataclass(cls=None, *, init=True, repr=True, eq=True, order=False, unsafe_hash=False, frozen=False,
              match_args=True, kw_only=False, slots=False):
    def wrap(cls):
        return _process_class(cls, init, repr, eq, order, frozen)
    if cls is None:
        return wrap
    return wrap(cls)

def fields(class_or_instance):
    try:
        fs = class_or_instance.__dataclass_fields__
    except AttributeError:
        raise TypeError('must be called with a dataclass type or instance') from None
    return tuple(fs.values())

def is_dataclass(obj):
    return hasattr(obj, '__dataclass_fields__')

def _asdict_inner(obj, dict_factory):
    if hasattr(obj, '__dataclass_fields__') and not isinstance(obj, type):
        return dict_factory([(f.name, _asdict_inner(getattr(obj, f.name), dict_factory)) for f in fields(obj)])
    if isinstance(obj, list):
        return [_asdict_inner(v, dict_factory) for v in obj]
    if isinstance(obj, tuple):
        return tuple([_asdict_inner(v, dict_factory) for v in obj])
    if isinstance(obj, dict):
        return dict([(_asdict_inner(k, dict_factory), _asdict_inner(v, dict_factory)) for k, v in obj.items()])
    return _copy.deepcopy(obj)

def asdict(obj, *, dict_factory=dict):
    if not is_dataclass(obj) or isinstance(obj, type):
        raise TypeError('asdict() should be called on dataclass instances')
    return _asdict_inner(obj, dict_factory)

def astuple(obj):
    if not is_dataclass(obj) or isinstance(obj, type):
        raise TypeError('astuple() should be called on dataclass instances')
    return tuple([_asdict_inner(getattr(obj, f.name), dict) for f in fields(obj)])

def replace(obj, **changes):
    values = {}
    for f in fields(obj):
        if f.init:
            values[f.name] = changes.pop(f.name) if f.name in changes else getattr(obj, f.name)
    if changes:
        raise TypeError("__init__() got an unexpected keyword argument '%s'" % list(changes)[0])
    return obj.__class__(**values)
`;

export const PPRINT_PY = String.raw`
import sys

def _key(kv):
    k = kv[0]
    return (type(k).__name__, k) if not isinstance(k, (int, float)) else ('', k)

def _sorted_items(d):
    try:
        return sorted(d.items(), key=lambda kv: kv[0])
    except TypeError:
        return sorted(d.items(), key=_key)

class PrettyPrinter:
    def __init__(self, indent=1, width=80, depth=None, stream=None, *, compact=False, sort_dicts=True, underscore_numbers=False):
        self._indent_per_level = indent
        self._width = width
        self._compact = compact
        self._sort_dicts = sort_dicts
        self._stream = stream

    def _repr(self, obj):
        if isinstance(obj, dict) and type(obj) is dict:
            items = _sorted_items(obj) if self._sort_dicts else list(obj.items())
            return '{' + ', '.join([self._repr(k) + ': ' + self._repr(v) for k, v in items]) + '}'
        if isinstance(obj, list) and type(obj) is list:
            return '[' + ', '.join([self._repr(v) for v in obj]) + ']'
        if isinstance(obj, tuple) and type(obj) is tuple:
            if len(obj) == 1:
                return '(' + self._repr(obj[0]) + ',)'
            return '(' + ', '.join([self._repr(v) for v in obj]) + ')'
        return repr(obj)

    def pformat(self, obj):
        s = []
        self._format(obj, s, 0, 0)
        return ''.join(s)

    def pprint(self, obj):
        text = self.pformat(obj) + '\n'
        if self._stream is not None:
            self._stream.write(text)
        else:
            sys.stdout.write(text)

    def isreadable(self, obj):
        return True

    def _format(self, obj, stream, indent, allowance):
        rep = self._repr(obj)
        max_width = self._width - indent - allowance
        if len(rep) > max_width:
            if type(obj) is dict and len(obj):
                stream.append('{')
                if self._indent_per_level > 1:
                    stream.append((self._indent_per_level - 1) * ' ')
                items = _sorted_items(obj) if self._sort_dicts else list(obj.items())
                self._format_dict_items(items, stream, indent, allowance + 1)
                stream.append('}')
                return
            if (type(obj) is list or type(obj) is tuple) and len(obj):
                if type(obj) is list:
                    stream.append('[')
                    end = ']'
                else:
                    stream.append('(')
                    end = ',)' if len(obj) == 1 else ')'
                self._format_items(obj, stream, indent, allowance + len(end))
                stream.append(end)
                return
        stream.append(rep)

    def _format_dict_items(self, items, stream, indent, allowance):
        indent += self._indent_per_level
        delimnl = ',\n' + ' ' * indent
        last_index = len(items) - 1
        for i in range(len(items)):
            key, ent = items[i]
            last = i == last_index
            rep = self._repr(key)
            stream.append(rep)
            stream.append(': ')
            self._format(ent, stream, indent + len(rep) + 2, allowance if last else 1)
            if not last:
                stream.append(delimnl)

    def _format_items(self, items, stream, indent, allowance):
        indent += self._indent_per_level
        if self._indent_per_level > 1:
            stream.append((self._indent_per_level - 1) * ' ')
        delimnl = ',\n' + ' ' * indent
        delim = ''
        width = self._width - indent + 1
        max_width = width
        n = len(items)
        for i in range(n):
            ent = items[i]
            last = i == n - 1
            if last:
                max_width -= allowance
                width -= allowance
            if self._compact:
                rep = self._repr(ent)
                w = len(rep) + 2
                if width < w:
                    width = max_width
                    if delim:
                        delim = delimnl
                if width >= w:
                    width -= w
                    stream.append(delim)
                    delim = ', '
                    stream.append(rep)
                    continue
            stream.append(delim)
            delim = delimnl
            self._format(ent, stream, indent, allowance if last else 1)

def pformat(object, indent=1, width=80, depth=None, *, compact=False, sort_dicts=True, underscore_numbers=False):
    return PrettyPrinter(indent=indent, width=width, depth=depth, compact=compact, sort_dicts=sort_dicts).pformat(object)

def pprint(object, stream=None, indent=1, width=80, depth=None, *, compact=False, sort_dicts=True, underscore_numbers=False):
    PrettyPrinter(stream=stream, indent=indent, width=width, depth=depth, compact=compact, sort_dicts=sort_dicts).pprint(object)

def pp(object, *args, sort_dicts=False, **kwargs):
    pprint(object, *args, sort_dicts=sort_dicts, **kwargs)

def saferepr(object):
    return PrettyPrinter()._repr(object)

def isreadable(object):
    return True
`;
