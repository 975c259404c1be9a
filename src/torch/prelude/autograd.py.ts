// torch.autograd in Python: Function (custom forward/backward with ctx.save_for_backward), and the legacy
// Variable wrapper old tutorials still use. The tape connection is native (_native.attach_function).
export const AUTOGRAD_PY = String.raw`
import torch
from torch import _native


class FunctionCtx:
    def __init__(self):
        self.saved_tensors = ()
        self.needs_input_grad = ()

    def save_for_backward(self, *tensors):
        self.saved_tensors = tensors

    def mark_dirty(self, *args):
        pass

    def mark_non_differentiable(self, *args):
        pass

    def set_materialize_grads(self, value):
        pass


class Function:
    @staticmethod
    def forward(ctx, *args, **kwargs):
        raise NotImplementedError('You must implement the forward function for custom autograd.Function.')

    @staticmethod
    def backward(ctx, *grad_outputs):
        raise NotImplementedError('You must implement either the backward or vjp method for your custom autograd.Function to use it with backward mode AD.')

    @classmethod
    def apply(cls, *args):
        ctx = FunctionCtx()
        ctx.needs_input_grad = tuple([torch.is_tensor(a) and a.requires_grad for a in args])
        with torch.no_grad():
            output = cls.forward(ctx, *args)

        def backward_fn(grad):
            return cls.backward(ctx, grad)

        return _native.attach_function(cls.__name__ + 'Backward', args, output, backward_fn, ctx)


def grad(*args, **kwargs):
    _native.not_supported('torch.autograd.grad (use loss.backward() and read .grad)')


def set_detect_anomaly(mode):
    pass


def Variable(data, requires_grad=False, volatile=False):
    if requires_grad:
        data.requires_grad_(True)
    return data
`;
