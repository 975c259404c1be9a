// argparse: the parts training scripts use, following CPython 3.11's Lib/argparse.py (usage and help layout
// for an 80-column terminal, error wording, SystemExit(2) on bad arguments, exit 0 after --help).
import { ARGPARSE_HELP_PY } from './argparseHelp.py';

export const ARGPARSE_PY = String.raw`
import sys
import os

SUPPRESS = '==SUPPRESS=='
OPTIONAL = '?'
ZERO_OR_MORE = '*'
ONE_OR_MORE = '+'
REMAINDER = '...'

class ArgumentError(Exception):
    def __init__(self, argument, message):
        self.argument_name = argument
        self.message = message
    def __str__(self):
        if self.argument_name is None:
            return self.message
        return 'argument %s: %s' % (self.argument_name, self.message)

class ArgumentTypeError(Exception):
    pass

class HelpFormatter:
    def __init__(self, prog, indent_increment=2, max_help_position=24, width=None):
        pass

class RawDescriptionHelpFormatter(HelpFormatter):
    pass

class RawTextHelpFormatter(RawDescriptionHelpFormatter):
    pass

class ArgumentDefaultsHelpFormatter(HelpFormatter):
    pass

class Namespace:
    def __init__(self, **kwargs):
        for name, value in kwargs.items():
            setattr(self, name, value)
    def __repr__(self):
        return 'Namespace(' + ', '.join([k + '=' + repr(v) for k, v in self.__dict__.items()]) + ')'
    def __eq__(self, other):
        if not isinstance(other, Namespace):
            return NotImplemented
        return self.__dict__ == other.__dict__
    def __contains__(self, key):
        return key in self.__dict__

class Action:
    def __init__(self, option_strings, dest, nargs=None, const=None, default=None, type=None, choices=None,
                 required=False, help=None, metavar=None, kind='store'):
        self.option_strings = option_strings
        self.dest = dest
        self.nargs = nargs
        self.const = const
        self.default = default
        self.type = type
        self.choices = choices
        self.required = required
        self.help = help
        self.metavar = metavar
        self.kind = kind

${ARGPARSE_HELP_PY}
class _Group:
    def __init__(self, parser, title, description=None):
        self._parser = parser
        self.title = title
        self.description = description
        self._actions = []
    def add_argument(self, *args, **kwargs):
        action = self._parser._add(args, kwargs)
        self._actions.append(action)
        return action
    def add_argument_group(self, *args, **kwargs):
        return self._parser.add_argument_group(*args, **kwargs)
    def add_mutually_exclusive_group(self, **kwargs):
        return _Group(self._parser, None)

class ArgumentParser(_HelpMixin):
    def __init__(self, prog=None, usage=None, description=None, epilog=None, parents=[], formatter_class=HelpFormatter,
                 prefix_chars='-', fromfile_prefix_chars=None, argument_default=None, conflict_handler='error',
                 add_help=True, allow_abbrev=True, exit_on_error=True):
        if prog is None:
            prog = os.path.basename(sys.argv[0]) if sys.argv else 'snippet.py'
        self.prog = prog
        self.usage = usage
        self.description = description
        self.epilog = epilog
        self.raw = formatter_class is RawDescriptionHelpFormatter or formatter_class is RawTextHelpFormatter
        self.show_defaults = formatter_class is ArgumentDefaultsHelpFormatter
        self.exit_on_error = exit_on_error
        self._actions = []
        self._defaults = {}
        self._positionals = _Group(self, 'positional arguments')
        self._optionals = _Group(self, 'options')
        self._groups = [self._positionals, self._optionals]
        if add_help:
            self.add_argument('-h', '--help', action='help', default=SUPPRESS, help='show this help message and exit')
        for parent in parents:
            for a in parent._actions:
                if a.kind != 'help':
                    self._actions.append(a)
                    (self._optionals if a.option_strings else self._positionals)._actions.append(a)

    def _add(self, args, kwargs):
        kwargs = dict(kwargs)
        if not args or (len(args) == 1 and args[0][:1] != '-'):
            if 'dest' in kwargs and args:
                raise ValueError('dest supplied twice for positional argument')
            dest = args[0] if args else kwargs.pop('dest')
            option_strings = []
            kwargs.pop('dest', None)
            if kwargs.get('nargs') not in ('?', '*') and 'required' not in kwargs:
                kwargs['required'] = True
            if kwargs.get('nargs') == '*' and 'default' not in kwargs:
                kwargs['required'] = True
        else:
            option_strings = list(args)
            for s in option_strings:
                if s[:1] != '-':
                    raise ValueError('invalid option string %r: must start with a character %r' % (s, '-'))
            dest = kwargs.pop('dest', None)
            if dest is None:
                longs = [s for s in option_strings if s.startswith('--')]
                dest = (longs[0] if longs else option_strings[0]).lstrip('-').replace('-', '_')
        kind = kwargs.pop('action', 'store')
        if kind not in ('store', 'store_true', 'store_false', 'store_const', 'append', 'append_const', 'count', 'help', 'version', 'extend', BooleanOptionalAction):
            raise ValueError('unknown action "%s"' % (kind,))
        if kind is BooleanOptionalAction:
            kind = 'boolean_optional'
            option_strings = option_strings + ['--no-' + s[2:] for s in option_strings if s.startswith('--')]
        version = kwargs.pop('version', None)
        default = kwargs.pop('default', None)
        if kind == 'store_true' and default is None:
            default = False
        if kind == 'store_false' and default is None:
            default = True
        const = kwargs.pop('const', None)
        if kind == 'store_true':
            const = True
        if kind == 'store_false':
            const = False
        nargs = kwargs.pop('nargs', None)
        if kind in ('store_true', 'store_false', 'store_const', 'append_const', 'count', 'help', 'version', 'boolean_optional'):
            nargs = 0
        a = Action(option_strings, dest, nargs, const, default, kwargs.pop('type', None), kwargs.pop('choices', None),
                   kwargs.pop('required', False), kwargs.pop('help', None), kwargs.pop('metavar', None), kind)
        if kwargs:
            raise TypeError("Action.__init__() got an unexpected keyword argument '%s'" % list(kwargs)[0])
        a.version = version
        for s in option_strings:
            for other in self._actions:
                if s in other.option_strings:
                    raise ArgumentError(None, 'argument %s: conflicting option string: %s' % ('/'.join(option_strings), s))
        self._actions.append(a)
        return a

    def add_argument(self, *args, **kwargs):
        a = self._add(args, kwargs)
        (self._optionals if a.option_strings else self._positionals)._actions.append(a)
        return a

    def add_argument_group(self, title=None, description=None):
        g = _Group(self, title, description)
        self._groups.append(g)
        return g

    def add_mutually_exclusive_group(self, required=False):
        return _Group(self, None)

    def add_subparsers(self, **kwargs):
        raise NotImplementedError('argparse subparsers are not supported by Loss Lens')

    def set_defaults(self, **kwargs):
        self._defaults.update(kwargs)
        for a in self._actions:
            if a.dest in kwargs:
                a.default = kwargs[a.dest]

    def get_default(self, dest):
        for a in self._actions:
            if a.dest == dest and a.default is not None:
                return a.default
        return self._defaults.get(dest, None)

    def exit(self, status=0, message=None):
        if message:
            sys.stderr.write(message)
        sys.exit(status)

    def error(self, message):
        sys.stderr.write(self.format_usage())
        self.exit(2, '%s: error: %s\n' % (self.prog, message))

    # ----- parsing -----
    def _convert(self, a, s):
        name = '/'.join(a.option_strings) if a.option_strings else self._metavar(a)
        if a.type is None:
            v = s
        else:
            try:
                v = a.type(s)
            except ArgumentTypeError as e:
                raise ArgumentError(name, str(e))
            except (TypeError, ValueError):
                tname = getattr(a.type, '__name__', repr(a.type))
                raise ArgumentError(name, 'invalid %s value: %r' % (tname, s))
        if a.choices is not None and v not in a.choices:
            raise ArgumentError(name, 'invalid choice: %r (choose from %s)' % (v, ', '.join([repr(c) for c in a.choices])))
        return v

    def _find_option(self, arg):
        for a in self._actions:
            if arg in a.option_strings:
                return a
        if arg.startswith('--'):
            matches = [a for a in self._actions for s in a.option_strings if s.startswith(arg)]
            if len(matches) == 1:
                return matches[0]
        return None

    def parse_args(self, args=None, namespace=None):
        ns, extras = self.parse_known_args(args, namespace)
        if extras:
            self.error('unrecognized arguments: %s' % ' '.join(extras))
        return ns

    def parse_known_args(self, args=None, namespace=None):
        if args is None:
            args = sys.argv[1:]
        else:
            args = list(args)
        ns = Namespace() if namespace is None else namespace
        for a in self._actions:
            if a.dest != SUPPRESS and a.default != SUPPRESS and not hasattr(ns, a.dest):
                setattr(ns, a.dest, a.default)
        for k, v in self._defaults.items():
            if not hasattr(ns, k):
                setattr(ns, k, v)
        try:
            extras = self._parse(args, ns)
        except ArgumentError as e:
            if not self.exit_on_error:
                raise
            self.error(str(e))
        return ns, extras

    def _parse(self, args, ns):
        seen = []
        extras = []
        order = {}
        positionals = []
        i = 0
        only_pos = False
        while i < len(args):
            arg = args[i]
            if arg == '--' and not only_pos:
                only_pos = True
                i += 1
                continue
            if only_pos or not arg.startswith('-') or arg == '-' or _is_number(arg):
                positionals.append(arg)
                order[arg] = i
                i += 1
                continue
            explicit = None
            if '=' in arg:
                key = arg[:arg.index('=')]
                if self._find_option(key) is not None:
                    arg, explicit = key, arg[arg.index('=') + 1:]
            a = self._find_option(arg)
            if a is None and not arg.startswith('--') and len(arg) > 2:
                a = self._find_option(arg[:2])
                if a is not None:
                    if a.nargs == 0:
                        # -vv: repeated flags
                        rest = arg[1:]
                        if all([self._find_option('-' + c) is a for c in rest]):
                            for c in rest:
                                self._apply(a, arg[:2], [], ns)
                            seen.append(a)
                            i += 1
                            continue
                        a = None
                    else:
                        arg, explicit = arg[:2], arg[2:]
            if a is None:
                extras.append(args[i])
                order[args[i]] = i
                i += 1
                continue
            i += 1
            seen.append(a)
            name = '/'.join(a.option_strings)
            if a.nargs == 0:
                if explicit is not None:
                    raise ArgumentError(name, 'ignored explicit argument %r' % explicit)
                self._apply(a, arg, [], ns)
                continue
            if explicit is not None:
                values = [explicit]
            else:
                values = []
                while i < len(args) and (not args[i].startswith('-') or _is_number(args[i]) or args[i] == '-'):
                    values.append(args[i])
                    i += 1
                    if a.nargs is None or (isinstance(a.nargs, int) and len(values) == a.nargs) or (a.nargs == '?' and len(values) == 1):
                        break
            if a.nargs is None and len(values) != 1:
                raise ArgumentError(name, 'expected one argument')
            if a.nargs == '+' and not values:
                raise ArgumentError(name, 'expected at least one argument')
            if isinstance(a.nargs, int) and len(values) != a.nargs:
                raise ArgumentError(name, 'expected %d argument%s' % (a.nargs, 's' if a.nargs != 1 else ''))
            self._apply(a, arg, values, ns)
        pos_actions = [a for a in self._actions if not a.option_strings]
        for a in pos_actions:
            if a.nargs is None:
                if positionals:
                    setattr(ns, a.dest, self._convert(a, positionals.pop(0)))
                    seen.append(a)
            elif a.nargs == '?':
                if positionals:
                    setattr(ns, a.dest, self._convert(a, positionals.pop(0)))
                    seen.append(a)
            elif a.nargs in ('*', '+', '...'):
                if positionals or a.nargs == '*':
                    if positionals:
                        seen.append(a)
                    setattr(ns, a.dest, [self._convert(a, v) for v in positionals] if positionals else a.default)
                    positionals = []
            else:
                if len(positionals) >= a.nargs:
                    setattr(ns, a.dest, [self._convert(a, v) for v in positionals[:a.nargs]])
                    positionals = positionals[a.nargs:]
                    seen.append(a)
        missing = [self._invocation_name(a) for a in self._actions if a.required and a not in seen]
        if missing:
            raise ArgumentError(None, 'the following arguments are required: %s' % ', '.join(missing))
        for a in self._actions:
            if a not in seen and isinstance(a.default, str) and a.type is not None and getattr(ns, a.dest, None) is a.default:
                setattr(ns, a.dest, self._convert(a, a.default))
        rest = extras + positionals
        return sorted(rest, key=lambda s: order.get(s, 0))

    def _invocation_name(self, a):
        return '/'.join(a.option_strings) if a.option_strings else self._metavar(a)

    def _apply(self, a, opt, values, ns):
        k = a.kind
        if k == 'help':
            self.print_help()
            self.exit()
        elif k == 'version':
            sys.stdout.write(str(a.version).replace('%(prog)s', self.prog) + '\n')
            self.exit()
        elif k in ('store_true', 'store_false', 'store_const'):
            setattr(ns, a.dest, a.const)
        elif k == 'boolean_optional':
            setattr(ns, a.dest, not opt.startswith('--no-'))
        elif k == 'count':
            cur = getattr(ns, a.dest, None)
            setattr(ns, a.dest, (0 if cur is None else cur) + 1)
        elif k == 'append_const':
            cur = getattr(ns, a.dest, None)
            setattr(ns, a.dest, (list(cur) if cur else []) + [a.const])
        else:
            if a.nargs is None:
                v = self._convert(a, values[0])
            elif a.nargs == '?':
                v = self._convert(a, values[0]) if values else a.const
            else:
                v = [self._convert(a, x) for x in values]
            if k == 'append' or k == 'extend':
                cur = getattr(ns, a.dest, None)
                cur = list(cur) if cur else []
                if k == 'append':
                    cur.append(v)
                else:
                    cur.extend(v)
                v = cur
            setattr(ns, a.dest, v)

def _is_number(s):
    try:
        float(s)
        return s.startswith('-')
    except ValueError:
        return False

class BooleanOptionalAction:
    pass

class FileType:
    def __init__(self, mode='r'):
        self._mode = mode
    def __call__(self, string):
        return open(string, self._mode)
`;
