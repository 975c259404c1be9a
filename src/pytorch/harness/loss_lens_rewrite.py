"""The program's source, rewritten in place (every line number kept): overrides and the chosen loop."""
import ast

HOOK_NAME = '__loss_lens__'  # dunder on both sides: never name-mangled inside class bodies


class UsageError(Exception):
    """A request that does not fit the file (an override without an assignment, a loop line without a loop)."""


def _at(node, like):
    node.lineno, node.col_offset = like.lineno, like.col_offset
    node.end_lineno = getattr(like, 'end_lineno', like.lineno)
    node.end_col_offset = getattr(like, 'end_col_offset', like.col_offset)
    return node


def _hook_call(attr, args, like):
    fn = _at(ast.Attribute(value=_at(ast.Name(id=HOOK_NAME, ctx=ast.Load()), like), attr=attr, ctx=ast.Load()), like)
    return _at(ast.Call(func=fn, args=args, keywords=[]), like)


def _expr_at(value_src, node):
    """An override expression located at the value it replaces, so tracebacks keep the file's own lines."""
    expr = ast.parse(value_src, mode='eval').body
    for n in ast.walk(expr):
        _at(n, node)
    return expr


def _module_level_statements(body):
    """Statements that run at module level: the module body and the bodies of top-level if/with/try blocks
    (the main guard), not function or class bodies."""
    for stmt in body:
        yield stmt
        for field in ('body', 'orelse', 'finalbody'):
            if isinstance(stmt, (ast.If, ast.With, ast.Try)) and getattr(stmt, field, None):
                for inner in _module_level_statements(getattr(stmt, field)):
                    yield inner
        if isinstance(stmt, ast.Try):
            for handler in stmt.handlers:
                for inner in _module_level_statements(handler.body):
                    yield inner


def apply_overrides(tree, overrides):
    found = set()
    for stmt in _module_level_statements(tree.body):
        if isinstance(stmt, ast.Assign):
            for target in stmt.targets:
                if isinstance(target, ast.Name) and target.id in overrides:
                    stmt.value = _expr_at(overrides[target.id], stmt.value)
                    found.add(target.id)
                elif isinstance(target, (ast.Tuple, ast.List)) and isinstance(stmt.value, (ast.Tuple, ast.List)) \
                        and len(target.elts) == len(stmt.value.elts):
                    for i, el in enumerate(target.elts):
                        if isinstance(el, ast.Name) and el.id in overrides:
                            stmt.value.elts[i] = _expr_at(overrides[el.id], stmt.value.elts[i])
                            found.add(el.id)
        elif isinstance(stmt, ast.AnnAssign) and isinstance(stmt.target, ast.Name) and stmt.value is not None \
                and stmt.target.id in overrides:
            stmt.value = _expr_at(overrides[stmt.target.id], stmt.value)
            found.add(stmt.target.id)
    missing = [n for n in overrides if n not in found]
    if missing:
        raise UsageError("--set %s: the snippet has no top-level assignment '%s = ...'" % (missing[0], missing[0]))


class LoopMarker(ast.NodeTransformer):
    """Wraps the loop starting at `line` in `with __loss_lens__.loop():` (steps recorded only inside it) and, when
    the run has a step limit, routes its header through the hook so it can end as if by `break` at the header."""

    def __init__(self, line, limit_steps):
        self.line, self.limit_steps, self.loop = line, limit_steps, None

    def _mark(self, node):
        self.generic_visit(node)
        if node.lineno != self.line or self.loop is not None:
            return node
        self.loop = node
        if self.limit_steps:
            if isinstance(node, ast.For):
                node.iter = _hook_call('loop_iter', [node.iter], node.iter)
            else:
                node.test = _at(ast.BoolOp(op=ast.And(), values=[_hook_call('loop_go', [], node.test), node.test]),
                                node.test)
            if node.orelse:  # a cut loop skips its else clause, as after a break
                node.orelse = [_at(ast.If(test=_hook_call('loop_not_cut', [], node), body=node.orelse, orelse=[]),
                                   node.orelse[0])]
        item = ast.withitem(context_expr=_hook_call('loop', [], node), optional_vars=None)
        return _at(ast.With(items=[item], body=[node], type_comment=None), node)

    visit_For = _mark
    visit_While = _mark


def prepare_code(path, loop_line, steps, overrides):
    with open(path, 'rb') as f:
        source = f.read()
    tree = ast.parse(source, filename=path)
    if overrides:
        apply_overrides(tree, overrides)
    loop = None
    if loop_line is not None:
        marker = LoopMarker(loop_line, steps is not None)
        tree = marker.visit(tree)
        loop = marker.loop
        if loop is None:
            raise UsageError('--line %d: no for/while loop starts on that line' % loop_line)
    return compile(tree, path, 'exec', dont_inherit=True), loop
