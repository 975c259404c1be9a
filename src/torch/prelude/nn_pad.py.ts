// torch.nn transposed convolutions and padding layers, as in PyTorch's torch/nn/modules/{conv,padding}.py.
// Appended after NN_CONV_PY (Module, Parameter, F, init, _ntuple, _ConvNd in scope).
export const NN_PAD_PY = String.raw`

class _ConvTransposeNd(_ConvNd):
    def __init__(self, n, in_channels, out_channels, kernel_size, stride, padding, output_padding, groups, bias,
                 dilation, padding_mode):
        if padding_mode != 'zeros':
            raise ValueError(f'Only "zeros" padding mode is supported for {type(self).__name__}')
        Module.__init__(self)
        if groups <= 0:
            raise ValueError('groups must be a positive integer')
        if in_channels % groups != 0:
            raise ValueError('in_channels must be divisible by groups')
        if out_channels % groups != 0:
            raise ValueError('out_channels must be divisible by groups')
        self.in_channels = in_channels
        self.out_channels = out_channels
        self.kernel_size = _ntuple(kernel_size, n)
        self.stride = _ntuple(stride, n)
        self.padding = _ntuple(padding, n)
        self.dilation = _ntuple(dilation, n)
        self.output_padding = _ntuple(output_padding, n)
        self.groups = groups
        self.padding_mode = padding_mode
        self._n = n
        self.weight = Parameter(torch.empty((in_channels, out_channels // groups) + self.kernel_size))
        if bias:
            self.bias = Parameter(torch.empty(out_channels))
        else:
            self.register_parameter('bias', None)
        self.reset_parameters()

    def extra_repr(self):
        s = f'{self.in_channels}, {self.out_channels}, kernel_size={self.kernel_size}, stride={self.stride}'
        if self.padding != (0,) * self._n:
            s += f', padding={self.padding}'
        if self.dilation != (1,) * self._n:
            s += f', dilation={self.dilation}'
        if self.output_padding != (0,) * self._n:
            s += f', output_padding={self.output_padding}'
        if self.groups != 1:
            s += f', groups={self.groups}'
        if self.bias is None:
            s += ', bias=False'
        return s

    def _output_padding(self, input, output_size):
        if output_size is None:
            return self.output_padding
        output_size = list(output_size)
        k = input.dim() - 2
        if len(output_size) == k + 2:
            output_size = output_size[2:]
        if len(output_size) != k:
            raise ValueError(f'ConvTranspose{k}D: for {input.dim()}D input, output_size must have {k} or {k + 2} elements (got {len(output_size)})')
        res = []
        for d in range(k):
            dim_size = input.size(d + 2)
            min_size = (dim_size - 1) * self.stride[d] - 2 * self.padding[d] + self.dilation[d] * (self.kernel_size[d] - 1) + 1
            max_size = min_size + self.stride[d] - 1
            if output_size[d] < min_size or output_size[d] > max_size:
                raise ValueError(f'requested an output size of {output_size}, but valid sizes range from {min_size} to {max_size} (for an input of {list(input.size())[2:]})')
            res.append(output_size[d] - min_size)
        return tuple(res)


class ConvTranspose1d(_ConvTransposeNd):
    def __init__(self, in_channels, out_channels, kernel_size, stride=1, padding=0, output_padding=0, groups=1,
                 bias=True, dilation=1, padding_mode='zeros', device=None, dtype=None):
        super().__init__(1, in_channels, out_channels, kernel_size, stride, padding, output_padding, groups, bias,
                         dilation, padding_mode)

    def forward(self, input, output_size=None):
        op = self._output_padding(input, output_size)
        return F.conv_transpose1d(input, self.weight, self.bias, self.stride, self.padding, op, self.groups, self.dilation)


class ConvTranspose2d(_ConvTransposeNd):
    def __init__(self, in_channels, out_channels, kernel_size, stride=1, padding=0, output_padding=0, groups=1,
                 bias=True, dilation=1, padding_mode='zeros', device=None, dtype=None):
        super().__init__(2, in_channels, out_channels, kernel_size, stride, padding, output_padding, groups, bias,
                         dilation, padding_mode)

    def forward(self, input, output_size=None):
        op = self._output_padding(input, output_size)
        return F.conv_transpose2d(input, self.weight, self.bias, self.stride, self.padding, op, self.groups, self.dilation)


class _PadNd(Module):
    def __init__(self, n, padding, mode, value=0.0):
        super().__init__()
        self.padding = _ntuple(padding, 2 * n)
        self._mode = mode
        self.value = value

    def forward(self, input):
        if self._mode == 'constant':
            return F.pad(input, self.padding, 'constant', self.value)
        return F.pad(input, self.padding, self._mode)

    def extra_repr(self):
        if self._mode == 'constant':
            return f'padding={self.padding}, value={self.value}'
        return f'{self.padding}'


class ConstantPad1d(_PadNd):
    def __init__(self, padding, value):
        super().__init__(1, padding, 'constant', value)


class ConstantPad2d(_PadNd):
    def __init__(self, padding, value):
        super().__init__(2, padding, 'constant', value)


class ZeroPad2d(_PadNd):
    def __init__(self, padding):
        super().__init__(2, padding, 'constant', 0.0)

    def extra_repr(self):
        return f'{self.padding}'


class ReflectionPad1d(_PadNd):
    def __init__(self, padding):
        super().__init__(1, padding, 'reflect')


class ReflectionPad2d(_PadNd):
    def __init__(self, padding):
        super().__init__(2, padding, 'reflect')


class ReplicationPad1d(_PadNd):
    def __init__(self, padding):
        super().__init__(1, padding, 'replicate')


class ReplicationPad2d(_PadNd):
    def __init__(self, padding):
        super().__init__(2, padding, 'replicate')
`;
