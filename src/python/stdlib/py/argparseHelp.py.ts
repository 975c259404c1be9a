// argparse's usage and help text (CPython 3.11's layout for an 80-column terminal), a mixin of ArgumentParser: kept
// apart from parsing, which is most of argparse.py.ts. Spliced into that module's source, so it shares its globals.
export const ARGPARSE_HELP_PY = String.raw`
def _wrap(text, width):
    words = text.split()
    lines = []
    line = ''
    for w in words:
        if line and len(line) + 1 + len(w) > width:
            lines.append(line)
            line = w
        else:
            line = w if not line else line + ' ' + w
    if line:
        lines.append(line)
    return lines

class _HelpMixin:
    def _metavar(self, a):
        if a.metavar is not None:
            return a.metavar
        if a.choices is not None:
            return '{' + ','.join([str(c) for c in a.choices]) + '}'
        return a.dest.upper() if a.option_strings else a.dest

    def _args_text(self, a):
        m = self._metavar(a)
        if a.nargs is None:
            return m
        if a.nargs == '?':
            return '[%s]' % m
        if a.nargs == '*':
            return '[%s ...]' % m
        if a.nargs == '+':
            return '%s [%s ...]' % (m, m)
        if a.nargs == '...':
            return '...'
        if a.nargs == 0:
            return ''
        return ' '.join([m] * a.nargs)

    def _usage_parts(self):
        opt_parts = []
        pos_parts = []
        for a in self._actions:
            if a.help == SUPPRESS:
                continue
            if a.option_strings:
                if a.kind == 'boolean_optional':
                    part = ' | '.join(a.option_strings[:len(a.option_strings) // 2] + a.option_strings[len(a.option_strings) // 2:])
                    part = '--' + a.option_strings[0][2:] + ' | ' + a.option_strings[len(a.option_strings) // 2]
                elif a.nargs == 0:
                    part = a.option_strings[0]
                else:
                    part = a.option_strings[0] + ' ' + self._args_text(a)
                opt_parts.append(part if a.required else '[' + part + ']')
            else:
                pos_parts.append(self._args_text(a))
        return opt_parts, pos_parts

    def format_usage(self):
        prefix = 'usage: '
        if self.usage is not None:
            return prefix + self.usage.replace('%(prog)s', self.prog) + '\n'
        opt_parts, pos_parts = self._usage_parts()
        usage = ' '.join([self.prog] + opt_parts + pos_parts)
        text_width = 78
        if len(prefix) + len(usage) > text_width:
            def get_lines(parts, indent, prefix=None):
                lines = []
                line = []
                line_len = len(prefix) - 1 if prefix is not None else len(indent) - 1
                for part in parts:
                    if line_len + 1 + len(part) > text_width and line:
                        lines.append(indent + ' '.join(line))
                        line = []
                        line_len = len(indent) - 1
                    line.append(part)
                    line_len += len(part) + 1
                if line:
                    lines.append(indent + ' '.join(line))
                if prefix is not None:
                    lines[0] = lines[0][len(indent):]
                return lines
            if len(prefix) + len(self.prog) <= 0.75 * text_width:
                indent = ' ' * (len(prefix) + len(self.prog) + 1)
                if opt_parts:
                    lines = get_lines([self.prog] + opt_parts, indent, prefix)
                    lines.extend(get_lines(pos_parts, indent))
                elif pos_parts:
                    lines = get_lines([self.prog] + pos_parts, indent, prefix)
                else:
                    lines = [self.prog]
            else:
                indent = ' ' * len(prefix)
                lines = [self.prog] + get_lines(opt_parts + pos_parts, indent)
            usage = '\n'.join(lines)
        return prefix + usage + '\n'

    def _invocation(self, a):
        if not a.option_strings:
            return self._metavar(a)
        if a.nargs == 0:
            return ', '.join(a.option_strings)
        args = self._args_text(a)
        return ', '.join([s + ' ' + args for s in a.option_strings])

    def _help_text(self, a):
        h = a.help
        if self.show_defaults and '%(default)' not in h and a.default is not SUPPRESS and (a.option_strings or a.nargs in ('?', '*')):
            h = h + ' (default: %(default)s)'
        for key in ('default', 'type', 'choices', 'dest', 'const', 'metavar', 'required', 'nargs'):
            v = getattr(a, key)
            if key == 'type' and v is not None:
                v = v.__name__
            h = h.replace('%(' + key + ')s', str(v)).replace('%(' + key + ')r', repr(v))
        return h.replace('%(prog)s', self.prog).replace('%%', '%')

    def format_help(self):
        out = self.format_usage() + '\n'
        if self.description:
            if self.raw:
                out += self.description + '\n\n'
            else:
                out += '\n'.join(_wrap(self.description, 78)) + '\n\n'
        max_len = 0
        for g in self._groups:
            for a in g._actions:
                if a.help != SUPPRESS:
                    max_len = max(max_len, len(self._invocation(a)) + 2)
        help_position = min(max_len + 2, 24)
        action_width = help_position - 2 - 2
        sections = []
        for g in self._groups:
            actions = [a for a in g._actions if a.help != SUPPRESS]
            if not actions and not g.description:
                continue
            text = g.title + ':\n' if g.title else ''
            if g.description:
                text += '  ' + g.description + '\n\n'
            for a in actions:
                inv = self._invocation(a)
                if not a.help:
                    text += '  ' + inv + '\n'
                    continue
                lines = _wrap(self._help_text(a), max(78 - help_position, 11))
                if len(inv) <= action_width:
                    text += '  ' + inv.ljust(action_width) + '  ' + lines[0] + '\n'
                else:
                    text += '  ' + inv + '\n' + ' ' * help_position + lines[0] + '\n'
                for l in lines[1:]:
                    text += ' ' * help_position + l + '\n'
            sections.append(text)
        out += '\n'.join(sections)
        if self.epilog:
            out += '\n' + ('\n'.join(_wrap(self.epilog, 78)) if not self.raw else self.epilog) + '\n'
        return out

    def print_usage(self, file=None):
        (sys.stdout if file is None else file).write(self.format_usage())

    def print_help(self, file=None):
        (sys.stdout if file is None else file).write(self.format_help())
`;
