"""Which tensors are the program's parameters, by which names, and their norms."""
import weakref



def scopes(frames, module_globals, torch):
    """(name, value) lists to search, innermost first: the locals of the user file's frames, then its globals.
    A `self` that is not a Module also offers its attributes (`self.model`), as a trainer class holds them."""
    seen, out = set(), []
    for d in [f.f_locals for f in frames] + [module_globals]:
        if id(d) in seen:
            continue
        seen.add(id(d))
        items = [(k, v) for k, v in list(d.items()) if not k.startswith('__')]
        self_obj = d.get('self')
        if self_obj is not None and not isinstance(self_obj, torch.nn.Module) \
                and isinstance(getattr(self_obj, '__dict__', None), dict):
            items += [('self.' + k, v) for k, v in list(vars(self_obj).items()) if not k.startswith('_')]
        out.append(items)
    return out


class ParamNames:
    """Names trainable tensors the way oracle.py does (modules `model.0.weight`, leaf tensors `w1`, optimizers
    `opt.param_groups.0.params.1` for the rest), searching the scopes in order. A tensor keeps the first name it
    was given, so an alias seen later (`for p in params`) never renames it."""

    def __init__(self, torch):
        self.torch = torch
        self.names = {}  # id(tensor) -> (weakref, name)

    def scan(self, scope_list):
        torch = self.torch
        module_param_ids = set()
        for items in scope_list:
            for _, v in items:
                if isinstance(v, torch.nn.Module):
                    module_param_ids.update(id(p) for p in v.parameters())
        found, seen = [], set()

        def add(name, p):
            if id(p) in seen:
                return
            seen.add(id(p))
            known = self.names.get(id(p))
            if known is not None and known[0]() is p:
                name = known[1]
            else:
                self.names[id(p)] = (weakref.ref(p), name)
            found.append((name, p))

        for items in scope_list:
            for k, v in items:
                if isinstance(v, torch.nn.Module):
                    for pn, p in v.named_parameters():
                        if p.requires_grad:
                            add('%s.%s' % (k, pn), p)
                elif isinstance(v, torch.Tensor) and v.is_leaf and v.requires_grad and id(v) not in module_param_ids:
                    add(k, v)
        for items in scope_list:
            for k, v in items:
                if isinstance(v, torch.optim.Optimizer):
                    for gi, group in enumerate(v.param_groups):
                        for pi, p in enumerate(group['params']):
                            if id(p) not in module_param_ids:
                                add('%s.param_groups.%d.params.%d' % (k, gi, pi), p)
        return found


def find_optimizer(scope_list, torch):
    for items in scope_list:
        for _, v in items:
            if isinstance(v, torch.optim.Optimizer):
                return v
    return None


def find_lr(scope_list, torch):
    """The learning rate as the program names it (`learning_rate`, `lr`), else its optimizer's."""
    for items in scope_list:
        for k, v in items:
            if k in ('learning_rate', 'lr') and isinstance(v, (int, float)) and not isinstance(v, bool):
                return float(v)
    opt = find_optimizer(scope_list, torch)
    if opt is not None and opt.param_groups:
        lr = opt.param_groups[0].get('lr')
        if isinstance(lr, (int, float)):
            return float(lr)
    return None


def norms(tensors, torch):
    """L2 norms as floats, computed in float64 (float32 sums of squares overflow early; MPS has no float64 and
    uses float32). One device-to-host copy per device, not one per tensor: a GPU run syncs once per step."""
    out = [None] * len(tensors)
    by_device = {}
    for i, t in enumerate(tensors):
        t = t.detach()
        if t.is_sparse:
            t = t.coalesce().values()
        if t.device.type == 'mps':
            n = torch.linalg.vector_norm(t.float())
        else:
            n = torch.linalg.vector_norm(t, dtype=torch.float64)
        by_device.setdefault(n.device, []).append((i, n))
    for pairs in by_device.values():
        values = torch.stack([n.to(pairs[0][1].dtype) for _, n in pairs]).tolist()
        for (i, _), v in zip(pairs, values):
            out[i] = v
    return out
