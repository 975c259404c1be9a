// torch.nn transposed convolutions and padding layers, as in PyTorch's torch/nn/modules/{conv,padding}.py.
// Appended after NN_CONV_PY (Module, Parameter, F, init, _ntuple, _ConvNd in scope).
export const NN_PAD_PY = String.raw`

class _ConvTransposeNd(_ConvNd):
    def __init__(self, n, in_channels, out_channels, kernel_size, stride, padding, output_padding, groups, bias,
                 dilation, padding_mode):
        if padding_mode != 'zeros':
            raise ValueError(f'Only "zeros" padding mode is supported for {type(self).__name__}')
        super().__init__(n, in_channels, out_channels, kernel_size, stride, padding, dilation, groups, bias,
                         padding_mode, transposed=True, output_padding=output_padding)

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
