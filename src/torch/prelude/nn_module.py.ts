// torch.nn.Module and the containers, written in Python the way PyTorch writes them (torch/nn/modules/module.py,
// container.py), trimmed to what snippets use. Run by our interpreter as part of the `torch.nn` module.
// Interpreter features relied on: classes with __setattr__/__getattr__/__call__/__getitem__/__len__/__iter__/
// __repr__, object.__setattr__, super(), *args/**kwargs, f-strings, dicts keyed by tensors (identity).
// `_native` is the small native helper module (built in src/torch/index.ts).
// zero_grad follows PyTorch 2.x: set_to_none=True by default (1.13 defaulted to False; the numbers of a training
// loop are the same either way, only `p.grad is None` after zero_grad differs).
export const NN_MODULE_PY = String.raw`
import torch
from torch import _native

Parameter = _native.Parameter


def _addindent(s_, numSpaces):
    s = s_.split('\n')
    if len(s) == 1:
        return s_
    first = s.pop(0)
    s = [(numSpaces * ' ') + line for line in s]
    return first + '\n' + '\n'.join(s)


class Module:
    # Class-level None so attribute reads before Module.__init__ never recurse into __getattr__.
    _parameters = None
    _buffers = None
    _modules = None
    training = True

    def __init__(self, *args, **kwargs):
        object.__setattr__(self, 'training', True)
        object.__setattr__(self, '_parameters', {})
        object.__setattr__(self, '_buffers', {})
        object.__setattr__(self, '_modules', {})

    def forward(self, *input):
        raise NotImplementedError(f'Module [{type(self).__name__}] is missing the required "forward" function')

    def __call__(self, *input, **kwargs):
        return self.forward(*input, **kwargs)

    # The same in TypeScript when the engine provides it (every layer call goes through it).
    __call__ = getattr(_native, 'module_call', __call__)

    def register_parameter(self, name, param):
        if self._parameters is None:
            raise AttributeError('cannot assign parameter before Module.__init__() call')
        if param is not None and not _native.is_parameter(param):
            raise TypeError(f"cannot assign '{_native.typename(param)}' object to parameter '{name}' (torch.nn.Parameter or None required)")
        self._parameters[name] = param

    def register_buffer(self, name, tensor, persistent=True):
        if self._buffers is None:
            raise AttributeError('cannot assign buffer before Module.__init__() call')
        self._buffers[name] = tensor

    def add_module(self, name, module):
        if module is not None and not isinstance(module, Module):
            raise TypeError(f'{_native.typename(module)} is not a Module subclass')
        if self._modules is None:
            raise AttributeError('cannot assign module before Module.__init__() call')
        self._modules[name] = module

    def register_module(self, name, module):
        self.add_module(name, module)

    def _forget(self, name, keep):
        # An attribute lives in exactly one of the dicts, as in PyTorch's remove_from().
        for d in (self._parameters, self._buffers, self._modules):
            if d is not None and d is not keep and name in d:
                del d[name]

    def __setattr__(self, name, value):
        params = self._parameters
        if _native.is_parameter(value):
            if params is None:
                raise AttributeError('cannot assign parameters before Module.__init__() call')
            self._forget(name, params)
            params[name] = value
        elif params is not None and name in params:
            if value is not None:
                raise TypeError(f"cannot assign '{_native.typename(value)}' as parameter '{name}' (torch.nn.Parameter or None expected)")
            params[name] = value
        elif isinstance(value, Module):
            if self._modules is None:
                raise AttributeError('cannot assign module before Module.__init__() call')
            self._forget(name, self._modules)
            self._modules[name] = value
        elif self._modules is not None and name in self._modules:
            if value is not None:
                raise TypeError(f"cannot assign '{_native.typename(value)}' as child module '{name}' (torch.nn.Module or None expected)")
            self._modules[name] = value
        elif self._buffers is not None and name in self._buffers:
            self._buffers[name] = value
        else:
            object.__setattr__(self, name, value)

    def __getattr__(self, name):
        for d in (self._parameters, self._buffers, self._modules):
            if d is not None and name in d:
                return d[name]
        raise AttributeError(f"'{type(self).__name__}' object has no attribute '{name}'")

    __getattr__ = getattr(_native, 'module_getattr', __getattr__)

    def __delattr__(self, name):
        for d in (self._parameters, self._buffers, self._modules):
            if d is not None and name in d:
                del d[name]
                return
        object.__delattr__(self, name)

    def _named_members(self, which, prefix, recurse):
        # Shared walk of named_parameters/named_buffers: dotted names, each tensor once (PyTorch's memo).
        out = []
        memo = {}
        mods = self.named_modules(prefix=prefix) if recurse else [(prefix, self)]
        for module_prefix, module in mods:
            d = module._parameters if which == 'p' else module._buffers
            for k, v in d.items():
                if v is None or v in memo:
                    continue
                memo[v] = True
                out.append((module_prefix + ('.' if module_prefix else '') + k, v))
        return out

    # Generators, as in PyTorch (model.parameters()[0] is "'generator' object is not subscriptable").
    def named_parameters(self, prefix='', recurse=True):
        for item in self._named_members('p', prefix, recurse):
            yield item

    def parameters(self, recurse=True):
        for _, p in self._named_members('p', '', recurse):
            yield p

    def named_buffers(self, prefix='', recurse=True):
        return iter(self._named_members('b', prefix, recurse))

    def buffers(self, recurse=True):
        return iter([b for _, b in self._named_members('b', '', recurse)])

    def named_children(self):
        out = []
        memo = {}
        for name, module in self._modules.items():
            if module is not None and module not in memo:
                memo[module] = True
                out.append((name, module))
        return iter(out)

    def children(self):
        return iter([m for _, m in self.named_children()])

    def _walk_modules(self, memo, prefix, out):
        if self in memo:
            return
        memo[self] = True
        out.append((prefix, self))
        for name, module in self._modules.items():
            if module is not None:
                module._walk_modules(memo, prefix + ('.' if prefix else '') + name, out)

    def named_modules(self, memo=None, prefix=''):
        out = []
        self._walk_modules({} if memo is None else memo, prefix, out)
        return iter(out)

    def modules(self):
        return iter([m for _, m in self.named_modules()])

    def train(self, mode=True):
        if not isinstance(mode, bool):
            raise ValueError('training mode is expected to be boolean')
        self.training = mode
        for module in self.children():
            module.train(mode)
        return self

    def eval(self):
        return self.train(False)

    def requires_grad_(self, requires_grad=True):
        for p in self.parameters():
            p.requires_grad_(requires_grad)
        return self

    def zero_grad(self, set_to_none=True):
        for p in self.parameters():
            if p.grad is not None:
                if set_to_none:
                    p.grad = None
                else:
                    p.grad.zero_()

    def apply(self, fn):
        for module in self.children():
            module.apply(fn)
        fn(self)
        return self

    # Everything runs on the CPU in float32: device/dtype moves are identities, except that moving to a device
    # this CPU build lacks raises what PyTorch raises (checked by the same Tensor.to/cuda an empty tensor uses).
    def to(self, *args, **kwargs):
        torch.empty(0).to(*args, **kwargs)
        return self

    def cpu(self):
        return self

    def cuda(self, device=None):
        torch.empty(0).cuda()

    def _cast_floats(self, dtype):
        # PyTorch's Module._apply: each floating parameter keeps its identity and gets the converted data (and
        # grad); floating buffers are replaced.
        for m in self.modules():
            for p in m._parameters.values():
                if p is not None and p.is_floating_point() and p.dtype != dtype:
                    p.data = p.data.to(dtype)
                    if p.grad is not None:
                        p.grad = p.grad.to(dtype)
            for name, b in list(m._buffers.items()):
                if b is not None and b.is_floating_point() and b.dtype != dtype:
                    m._buffers[name] = b.to(dtype)
        return self

    def float(self):
        return self._cast_floats(torch.float32)

    def double(self):
        return self._cast_floats(torch.float64)

    def half(self):
        return self

    def state_dict(self, prefix=''):
        out = {}
        for name, p in self._named_members('p', prefix, True):
            out[name] = p.detach()
        for name, b in self._named_members('b', prefix, True):
            out[name] = b.detach()
        return out

    def load_state_dict(self, state_dict, strict=True):
        own = dict(self._named_members('p', '', True) + self._named_members('b', '', True))
        missing = [k for k in own if k not in state_dict]
        unexpected = [k for k in state_dict if k not in own]
        errors = []
        with torch.no_grad():
            for k in own:
                if k not in state_dict:
                    continue
                v = state_dict[k]
                if tuple(v.shape) != tuple(own[k].shape):
                    errors.append(f'size mismatch for {k}: copying a param with shape {v.shape} from checkpoint, the shape in current model is {own[k].shape}.')
                    continue
                own[k].copy_(v)
        # PyTorch's order and wording: missing, then unexpected, then the size mismatches.
        if strict and unexpected:
            errors.insert(0, 'Unexpected key(s) in state_dict: {}. '.format(', '.join(f'"{k}"' for k in unexpected)))
        if strict and missing:
            errors.insert(0, 'Missing key(s) in state_dict: {}. '.format(', '.join(f'"{k}"' for k in missing)))
        if errors:
            raise RuntimeError('Error(s) in loading state_dict for {}:\n\t{}'.format(type(self).__name__, '\n\t'.join(errors)))

    def extra_repr(self):
        return ''

    def _get_name(self):
        return type(self).__name__

    def __repr__(self):
        extra_lines = []
        extra_repr = self.extra_repr()
        if extra_repr:
            extra_lines = extra_repr.split('\n')
        child_lines = []
        for key, module in self._modules.items():
            child_lines.append('(' + key + '): ' + _addindent(repr(module), 2))
        lines = extra_lines + child_lines
        main_str = self._get_name() + '('
        if lines:
            if len(extra_lines) == 1 and not child_lines:
                main_str += extra_lines[0]
            else:
                main_str += '\n  ' + '\n  '.join(lines) + '\n'
        return main_str + ')'


class _ModuleSeq(Module):
    """What Sequential and ModuleList share: children in order, indexed, counted, iterated and appended."""

    def _index(self, idx):
        n = len(self._modules)
        if idx < -n or idx >= n:
            raise IndexError(f'index {idx} is out of range')
        return idx % n

    def __len__(self):
        return len(self._modules)

    def __iter__(self):
        return iter(list(self._modules.values()))

    def append(self, module):
        self.add_module(str(len(self)), module)
        return self


class Sequential(_ModuleSeq):
    def __init__(self, *args):
        super().__init__()
        if len(args) == 1 and isinstance(args[0], dict):
            for key, module in args[0].items():
                self.add_module(key, module)
        else:
            for idx, module in enumerate(args):
                self.add_module(str(idx), module)

    def __getitem__(self, idx):
        if isinstance(idx, slice):
            return Sequential(dict(list(self._modules.items())[idx]))
        return list(self._modules.values())[self._index(idx)]

    def __setitem__(self, idx, module):
        key = list(self._modules.keys())[self._index(idx)]
        self.add_module(key, module)

    def forward(self, input):
        for module in self._modules.values():
            input = module(input)
        return input


class ModuleList(_ModuleSeq):
    def __init__(self, modules=None):
        super().__init__()
        if modules is not None:
            self.extend(modules)

    def __getitem__(self, idx):
        if isinstance(idx, slice):
            return ModuleList(list(self._modules.values())[idx])
        return self._modules[str(self._index(idx))]

    def __setitem__(self, idx, module):
        self.add_module(str(idx % len(self._modules)), module)

    def extend(self, modules):
        for m in modules:
            self.append(m)
        return self
`;
