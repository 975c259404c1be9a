// torch.nn recurrent layers (RNN, LSTM, GRU and their cells) as in PyTorch's torch/nn/modules/rnn.py: the same
// parameter names, order and default init (every parameter U(±1/√hidden_size) in registration order), the
// CPU cell formulas of ATen's RNN.cpp, composed from differentiable tensor ops so autograd needs nothing new.
// Appended after NN_LAYERS_PY, so Module, Parameter, F, init and math are in scope.
export const NN_RNN_PY = String.raw`

# Each step takes the input's projection xw = linear(x, w_ih, b_ih) already made: a layer projects its whole
# input sequence in one linear before the time loop, as ATen's CPU FullLayer does (pre_compute_input).
def _rnn_tanh_step(xw, h, w_hh, b_hh):
    return torch.tanh(F.linear(h, w_hh, b_hh) + xw)


def _rnn_relu_step(xw, h, w_hh, b_hh):
    return torch.relu(F.linear(h, w_hh, b_hh) + xw)


def _lstm_step(xw, hc, w_hh, b_hh):
    h, c = hc
    gates = F.linear(h, w_hh, b_hh) + xw
    i, f, g, o = gates.chunk(4, 1)
    i = torch.sigmoid(i)
    f = torch.sigmoid(f)
    g = torch.tanh(g)
    o = torch.sigmoid(o)
    c2 = f * c + i * g
    return o * torch.tanh(c2), c2


def _gru_step(xw, h, w_hh, b_hh):
    i_r, i_z, i_n = xw.chunk(3, 1)
    h_r, h_z, h_n = F.linear(h, w_hh, b_hh).chunk(3, 1)
    r = torch.sigmoid(h_r + i_r)
    z = torch.sigmoid(h_z + i_z)
    n = torch.tanh(i_n + h_n * r)
    return (h - n) * z + n


def _cell(step):
    def cell(x, h, w_ih, w_hh, b_ih, b_hh):
        return step(F.linear(x, w_ih, b_ih), h, w_hh, b_hh)
    return cell


_rnn_tanh_cell = _cell(_rnn_tanh_step)
_rnn_relu_cell = _cell(_rnn_relu_step)
_lstm_cell = _cell(_lstm_step)
_gru_cell = _cell(_gru_step)
# A whole LSTM layer direction in one native op when the engine has it (torch._native.lstm_layer: the same
# values as the step loop below, without interpreting it); None on CPython/PyTorch or for tensors it does not take.
_lstm_layer = getattr(getattr(torch, '_native', None), 'lstm_layer', None)
_GATES = {'LSTM': 4, 'GRU': 3, 'RNN_TANH': 1, 'RNN_RELU': 1}
_STEPS = {'LSTM': _lstm_step, 'GRU': _gru_step, 'RNN_TANH': _rnn_tanh_step, 'RNN_RELU': _rnn_relu_step}


class RNNBase(Module):
    def __init__(self, mode, input_size, hidden_size, num_layers=1, bias=True, batch_first=False, dropout=0.0,
                 bidirectional=False, proj_size=0, device=None, dtype=None):
        super().__init__()
        if proj_size != 0:
            _native.not_supported('LSTM(proj_size=...)')
        if not (0 <= dropout <= 1) or isinstance(dropout, bool):
            raise ValueError('dropout should be a number in range [0, 1] representing the probability of an element being zeroed')
        if hidden_size <= 0:
            raise ValueError('hidden_size must be greater than zero')
        if num_layers <= 0:
            raise ValueError('num_layers must be greater than zero')
        self.mode = mode
        self.input_size = input_size
        self.hidden_size = hidden_size
        self.num_layers = num_layers
        self.bias = bias
        self.batch_first = batch_first
        self.dropout = float(dropout)
        self.bidirectional = bidirectional
        self.proj_size = proj_size
        num_directions = 2 if bidirectional else 1
        gate_size = _GATES[mode] * hidden_size
        self._flat_weights_names = []
        for layer in range(num_layers):
            for direction in range(num_directions):
                layer_input_size = input_size if layer == 0 else hidden_size * num_directions
                suffix = '_reverse' if direction == 1 else ''
                names = [f'weight_ih_l{layer}{suffix}', f'weight_hh_l{layer}{suffix}']
                params = [Parameter(torch.empty((gate_size, layer_input_size))),
                          Parameter(torch.empty((gate_size, hidden_size)))]
                if bias:
                    names += [f'bias_ih_l{layer}{suffix}', f'bias_hh_l{layer}{suffix}']
                    params += [Parameter(torch.empty(gate_size)), Parameter(torch.empty(gate_size))]
                for name, param in zip(names, params):
                    setattr(self, name, param)
                self._flat_weights_names.extend(names)
        self.reset_parameters()

    def reset_parameters(self):
        stdv = 1.0 / math.sqrt(self.hidden_size) if self.hidden_size > 0 else 0
        for weight in self.parameters():
            init.uniform_(weight, -stdv, stdv)

    def _weights(self, layer, direction):
        suffix = '_reverse' if direction == 1 else ''
        w_ih = getattr(self, f'weight_ih_l{layer}{suffix}')
        w_hh = getattr(self, f'weight_hh_l{layer}{suffix}')
        if self.bias:
            return w_ih, w_hh, getattr(self, f'bias_ih_l{layer}{suffix}'), getattr(self, f'bias_hh_l{layer}{suffix}')
        return w_ih, w_hh, None, None

    def extra_repr(self):
        s = f'{self.input_size}, {self.hidden_size}'
        if self.num_layers != 1:
            s += f', num_layers={self.num_layers}'
        if self.bias is not True:
            s += f', bias={self.bias}'
        if self.batch_first is not False:
            s += f', batch_first={self.batch_first}'
        if self.dropout != 0:
            s += f', dropout={self.dropout}'
        if self.bidirectional is not False:
            s += f', bidirectional={self.bidirectional}'
        return s

    def forward(self, input, hx=None):
        if not isinstance(input, torch.Tensor):  # a PackedSequence
            from torch.nn.utils.rnn import _packed_forward
            return _packed_forward(self, input, hx)
        lstm = self.mode == 'LSTM'
        if input.dim() not in (2, 3):
            raise ValueError(f'{type(self).__name__}: Expected input to be 2D or 3D, got {input.dim()}D instead')
        is_batched = input.dim() == 3
        batch_dim = 0 if self.batch_first else 1
        if not is_batched:
            input = input.unsqueeze(batch_dim)
            if hx is not None:
                hx = (hx[0].unsqueeze(1), hx[1].unsqueeze(1)) if lstm else hx.unsqueeze(1)
        if input.size(-1) != self.input_size:
            raise RuntimeError(f'input.size(-1) must be equal to input_size. Expected {self.input_size}, got {input.size(-1)}')
        if self.batch_first:
            input = input.transpose(0, 1)
        steps, batch = input.shape[0], input.shape[1]
        D = 2 if self.bidirectional else 1
        expected = (self.num_layers * D, batch, self.hidden_size)
        if hx is None:
            h0 = torch.zeros(expected)
            c0 = torch.zeros(expected) if lstm else None
        else:
            h0, c0 = hx if lstm else (hx, None)
            for i, t in enumerate([h0, c0] if lstm else [h0]):
                if tuple(t.shape) != expected:
                    which = f'hidden[{i}]' if lstm else 'hidden'
                    raise RuntimeError(f'Expected {which} size {expected}, got {list(t.shape)}')
        step = _STEPS[self.mode]
        layer_input = input
        h_n = []
        c_n = []
        for layer in range(self.num_layers):
            outs = []
            for direction in range(D):
                w_ih, w_hh, b_ih, b_hh = self._weights(layer, direction)
                xw = F.linear(layer_input, w_ih, b_ih)
                idx = layer * D + direction
                fused = _lstm_layer(xw, h0[idx], c0[idx], w_hh, b_hh, direction == 1) if lstm and _lstm_layer is not None else None
                if fused is not None:
                    outs.append(fused[0])
                    h_n.append(fused[1])
                    c_n.append(fused[2])
                    continue
                h = (h0[idx], c0[idx]) if lstm else h0[idx]
                seq = [None] * steps
                order = range(steps) if direction == 0 else range(steps - 1, -1, -1)
                for t in order:
                    h = step(xw[t], h, w_hh, b_hh)
                    seq[t] = h[0] if lstm else h
                outs.append(torch.stack(seq, 0))
                h_n.append(h[0] if lstm else h)
                if lstm:
                    c_n.append(h[1])
            layer_output = outs[0] if D == 1 else torch.cat(outs, 2)
            if self.dropout != 0 and self.training and layer < self.num_layers - 1:
                layer_output = F.dropout(layer_output, self.dropout, True)
            layer_input = layer_output
        output = layer_input
        if self.batch_first:
            output = output.transpose(0, 1)
        h_n = torch.stack(h_n, 0)
        c_n = torch.stack(c_n, 0) if lstm else None
        if not is_batched:
            output = output.squeeze(batch_dim)
            h_n = h_n.squeeze(1)
            c_n = c_n.squeeze(1) if lstm else None
        return (output, (h_n, c_n)) if lstm else (output, h_n)


class RNN(RNNBase):
    def __init__(self, *args, **kwargs):
        # As PyTorch 1.13: only the keyword picks the nonlinearity (a 4th positional argument is bias).
        nonlinearity = kwargs.pop('nonlinearity', 'tanh')
        if nonlinearity == 'tanh':
            mode = 'RNN_TANH'
        elif nonlinearity == 'relu':
            mode = 'RNN_RELU'
        else:
            raise ValueError(f"Unknown nonlinearity '{nonlinearity}'. Select from 'tanh' or 'relu'.")
        self.nonlinearity = nonlinearity
        super().__init__(mode, *args, **kwargs)


class LSTM(RNNBase):
    def __init__(self, *args, **kwargs):
        super().__init__('LSTM', *args, **kwargs)


class GRU(RNNBase):
    def __init__(self, *args, **kwargs):
        super().__init__('GRU', *args, **kwargs)


class RNNCellBase(Module):
    def __init__(self, input_size, hidden_size, bias, num_chunks, device=None, dtype=None):
        super().__init__()
        self.input_size = input_size
        self.hidden_size = hidden_size
        self.bias = bias
        self.weight_ih = Parameter(torch.empty((num_chunks * hidden_size, input_size)))
        self.weight_hh = Parameter(torch.empty((num_chunks * hidden_size, hidden_size)))
        if bias:
            self.bias_ih = Parameter(torch.empty(num_chunks * hidden_size))
            self.bias_hh = Parameter(torch.empty(num_chunks * hidden_size))
        else:
            self.register_parameter('bias_ih', None)
            self.register_parameter('bias_hh', None)
        self.reset_parameters()

    def reset_parameters(self):
        stdv = 1.0 / math.sqrt(self.hidden_size) if self.hidden_size > 0 else 0
        for weight in self.parameters():
            init.uniform_(weight, -stdv, stdv)

    def extra_repr(self):
        s = f'{self.input_size}, {self.hidden_size}'
        if self.bias is not True:
            s += f', bias={self.bias}'
        if getattr(self, 'nonlinearity', 'tanh') != 'tanh':
            s += f', nonlinearity={self.nonlinearity}'
        return s

    def _run(self, cell, input, hx, pair):
        if input.dim() not in (1, 2):
            raise ValueError(f'{type(self).__name__}: Expected input to be 1D or 2D, got {input.dim()}D instead')
        if input.size(-1) != self.input_size:
            raise RuntimeError(f'input has inconsistent input_size: got {input.size(-1)} expected {self.input_size}')
        is_batched = input.dim() == 2
        if not is_batched:
            input = input.unsqueeze(0)
        if hx is None:
            zeros = torch.zeros(input.size(0), self.hidden_size)
            hx = (zeros, torch.zeros(input.size(0), self.hidden_size)) if pair else zeros
        elif not is_batched:
            hx = (hx[0].unsqueeze(0), hx[1].unsqueeze(0)) if pair else hx.unsqueeze(0)
        out = cell(input, hx, self.weight_ih, self.weight_hh, self.bias_ih, self.bias_hh)
        if not is_batched:
            out = (out[0].squeeze(0), out[1].squeeze(0)) if pair else out.squeeze(0)
        return out


class RNNCell(RNNCellBase):
    def __init__(self, input_size, hidden_size, bias=True, nonlinearity='tanh', device=None, dtype=None):
        self.nonlinearity = nonlinearity
        super().__init__(input_size, hidden_size, bias, 1)

    def forward(self, input, hx=None):
        cell = _rnn_tanh_cell if self.nonlinearity == 'tanh' else _rnn_relu_cell
        return self._run(cell, input, hx, False)


class LSTMCell(RNNCellBase):
    def __init__(self, input_size, hidden_size, bias=True, device=None, dtype=None):
        super().__init__(input_size, hidden_size, bias, 4)

    def forward(self, input, hx=None):
        return self._run(_lstm_cell, input, hx, True)


class GRUCell(RNNCellBase):
    def __init__(self, input_size, hidden_size, bias=True, device=None, dtype=None):
        super().__init__(input_size, hidden_size, bias, 3)

    def forward(self, input, hx=None):
        return self._run(_gru_cell, input, hx, False)
`;
