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

    def __call__(self, *args, **kwargs):
        # An instance called like a module is the pre-1.3 style (non-static forward), which PyTorch rejects.
        raise RuntimeError(
            'Legacy autograd function with non-static forward method is deprecated. '
            'Please use new-style autograd function with static forward method. '
            '(Example: https://pytorch.org/docs/stable/autograd.html#torch.autograd.Function)')


def grad(outputs, inputs, grad_outputs=None, retain_graph=None, create_graph=False, only_inputs=True,
         allow_unused=False, is_grads_batched=False):
    if isinstance(outputs, (list, tuple)):
        if len(outputs) != 1:
            _native.not_supported('torch.autograd.grad with several outputs (sum them first)')
        outputs = outputs[0]
    if isinstance(grad_outputs, (list, tuple)):
        grad_outputs = grad_outputs[0] if len(grad_outputs) > 0 else None
    single = not isinstance(inputs, (list, tuple))
    return _native.autograd_grad(outputs, [inputs] if single else list(inputs), grad_outputs,
                                 bool(create_graph if retain_graph is None else retain_graph), allow_unused,
                                 bool(create_graph))


def set_detect_anomaly(mode):
    pass


def Variable(data, requires_grad=False, volatile=False):
    if requires_grad:
        data.requires_grad_(True)
    return data
`;
