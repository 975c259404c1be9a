// enum: members are made when a subclass of Enum is defined (through __init_subclass__, as CPython's EnumType
// does in its metaclass); Color.RED, Color['RED'], .name/.value, repr/str and auto() work.
export const ENUM_PY = String.raw`
from _stdlib import class_own_names as _own
from _stdlib import new_instance as _new_member

class auto:
    _counter = 0
    def __init__(self):
        self.value = None

def _is_member_name(name, value):
    if name.startswith('_'):
        return False
    if callable(value) or isinstance(value, (staticmethod, classmethod, property)):
        return False
    return True

class Enum:
    def __init_subclass__(cls, **kwargs):
        members = {}
        last = 0
        for name in _own(cls):
            value = getattr(cls, name)
            if not _is_member_name(name, value) or isinstance(value, Enum):
                continue
            if isinstance(value, auto):
                value = cls._generate_next_value_(name, 1, len(members), [m._value_ for m in members.values()])
            member = _new_member(cls)
            member._name_ = name
            member._value_ = value
            members[name] = member
            setattr(cls, name, member)
        cls._member_map_ = members

    @staticmethod
    def _generate_next_value_(name, start, count, last_values):
        if not last_values:
            return start
        return last_values[-1] + 1

    def __class_getitem__(cls, name):
        return cls._member_map_[name]

    @property
    def name(self):
        return self._name_

    @property
    def value(self):
        return self._value_

    def __repr__(self):
        return '<%s.%s: %r>' % (type(self).__name__, self._name_, self._value_)

    def __str__(self):
        return '%s.%s' % (type(self).__name__, self._name_)

    def __eq__(self, other):
        return self is other

    def __hash__(self):
        return hash(self._name_)

class IntEnum(Enum):
    def __eq__(self, other):
        if isinstance(other, Enum):
            return self is other
        return self._value_ == other
    def __int__(self):
        return self._value_
    def __index__(self):
        return self._value_
    def __lt__(self, other):
        return self._value_ < int(other)
    def __gt__(self, other):
        return self._value_ > int(other)
    def __str__(self):
        return str(self._value_)

class StrEnum(Enum):
    def __str__(self):
        return self._value_

class Flag(Enum):
    pass

class IntFlag(IntEnum):
    pass

def unique(cls):
    return cls

def _members(cls):
    return list(cls._member_map_.values())
`;
