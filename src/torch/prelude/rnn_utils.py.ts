// torch.nn.utils.rnn as PyTorch 1.13's torch/nn/utils/rnn.py and ATen's PackedSequence.cpp: PackedSequence,
// pack_padded_sequence, pad_packed_sequence, pad_sequence, pack_sequence, unpad_sequence; and the packed forward
// of RNN/LSTM/GRU (ATen's PackedLayer / ReversedPackedLayer: one cell step per time step over the rows still
// running, each sequence's last hidden state kept as it finishes).
export const RNN_UTILS_PY = String.raw`
import torch


class PackedSequence:
    def __init__(self, data, batch_sizes=None, sorted_indices=None, unsorted_indices=None):
        if unsorted_indices is None:
            unsorted_indices = invert_permutation(sorted_indices)
        self.data = data
        self.batch_sizes = batch_sizes
        self.sorted_indices = sorted_indices
        self.unsorted_indices = unsorted_indices

    def __iter__(self):
        return iter((self.data, self.batch_sizes, self.sorted_indices, self.unsorted_indices))

    def __getitem__(self, i):
        return (self.data, self.batch_sizes, self.sorted_indices, self.unsorted_indices)[i]

    def __len__(self):
        return 4

    def __repr__(self):
        return (f'PackedSequence(data={self.data!r}, batch_sizes={self.batch_sizes!r}, '
                f'sorted_indices={self.sorted_indices!r}, unsorted_indices={self.unsorted_indices!r})')

    def _with_data(self, data):
        return PackedSequence(data, self.batch_sizes, self.sorted_indices, self.unsorted_indices)

    def to(self, *args, **kwargs):
        return self._with_data(self.data.to(*args, **kwargs))

    def cpu(self):
        return self

    def float(self):
        return self._with_data(self.data.float())

    def double(self):
        return self._with_data(self.data.double())

    @property
    def is_cuda(self):
        return False


def invert_permutation(permutation):
    if permutation is None:
        return None
    output = torch.empty_like(permutation)
    output.scatter_(0, permutation, torch.arange(0, permutation.numel()))
    return output


def pack_padded_sequence(input, lengths, batch_first=False, enforce_sorted=True):
    if not isinstance(lengths, torch.Tensor):
        lengths = torch.as_tensor(lengths, dtype=torch.int64)
    else:
        lengths = lengths.to(torch.int64)
    if enforce_sorted:
        sorted_indices = None
        if lengths.numel() > 1 and not bool((lengths[:-1] >= lengths[1:]).all()):
            raise RuntimeError('\x60lengths\x60 array must be sorted in decreasing order when \x60enforce_sorted\x60 is True. '
                               'You can pass \x60enforce_sorted=False\x60 to pack_padded_sequence and/or pack_sequence '
                               'to sidestep this requirement if you do not need ONNX exportability.')
    else:
        lengths, sorted_indices = torch.sort(lengths, descending=True)
        input = input.index_select(0 if batch_first else 1, sorted_indices)
    if batch_first:
        input = input.transpose(0, 1)
    lens = lengths.tolist()
    if len(lens) and lens[-1] <= 0:
        raise RuntimeError("Length of all samples has to be greater than 0, but found an element in 'lengths' that is <= 0")
    steps, sizes = [], []
    for t in range(lens[0]):
        bs = sum(1 for n in lens if n > t)
        steps.append(input[t, :bs])
        sizes.append(bs)
    data = torch.cat(steps, 0)
    return PackedSequence(data, torch.tensor(sizes), sorted_indices, None)


def pad_packed_sequence(sequence, batch_first=False, padding_value=0.0, total_length=None):
    data, batch_sizes = sequence.data, sequence.batch_sizes.tolist()
    max_batch = batch_sizes[0]
    max_len = len(batch_sizes)
    if total_length is not None:
        if total_length < max_len:
            raise ValueError('Expected total_length to be at least the length of the longest sequence in input, '
                             f'but got total_length={total_length} and max sequence length being {max_len}')
        max_len = total_length
    rows, offset = [], 0
    for t in range(max_len):
        bs = batch_sizes[t] if t < len(batch_sizes) else 0
        step = data[offset:offset + bs]
        offset += bs
        if bs < max_batch:
            pad = torch.full((max_batch - bs,) + tuple(data.shape[1:]), padding_value, dtype=data.dtype)
            step = torch.cat([step, pad], 0)
        rows.append(step)
    padded = torch.stack(rows, 0)
    lengths = torch.tensor([sum(1 for b in batch_sizes if b > i) for i in range(max_batch)])
    if batch_first:
        padded = padded.transpose(0, 1)
    if sequence.unsorted_indices is not None:
        padded = padded.index_select(0 if batch_first else 1, sequence.unsorted_indices)
        lengths = lengths[sequence.unsorted_indices]
    return padded, lengths


def pad_sequence(sequences, batch_first=False, padding_value=0.0):
    if isinstance(sequences, torch.Tensor):
        sequences = sequences.unbind(0)
    sequences = list(sequences)
    max_len = max(s.size(0) for s in sequences)
    trailing = tuple(sequences[0].shape[1:])
    out = []
    for s in sequences:
        if s.size(0) < max_len:
            s = torch.cat([s, torch.full((max_len - s.size(0),) + trailing, padding_value, dtype=s.dtype)], 0)
        out.append(s)
    return torch.stack(out, 0 if batch_first else 1)


def unpad_sequence(padded_sequences, lengths, batch_first=False):
    if not batch_first:
        padded_sequences = padded_sequences.transpose(0, 1)
    return [seq[:int(n)] for seq, n in zip(padded_sequences, lengths)]


def pack_sequence(sequences, enforce_sorted=True):
    lengths = torch.as_tensor([v.size(0) for v in sequences])
    return pack_padded_sequence(pad_sequence(sequences), lengths, enforce_sorted=enforce_sorted)


def _cat_hidden(parts, lstm):
    if lstm:
        return (torch.cat([p[0] for p in parts], 0), torch.cat([p[1] for p in parts], 0))
    return torch.cat(parts, 0)


def _slice_hidden(h, lo, hi, lstm):
    return (h[0][lo:hi], h[1][lo:hi]) if lstm else h[lo:hi]


def _packed_layer(cell, data, batch_sizes, h0, weights, lstm, reverse):
    """One direction of one layer over packed rows; returns (output rows, final hidden per sequence)."""
    outputs = []
    if not reverse:
        hidden, finished, offset, last = h0, [], 0, batch_sizes[0]
        for bs in batch_sizes:
            if bs < last:
                finished.append(_slice_hidden(hidden, bs, last, lstm))
                hidden = _slice_hidden(hidden, 0, bs, lstm)
            last = bs
            hidden = cell(data[offset:offset + bs], hidden, *weights)
            offset += bs
            outputs.append(hidden[0] if lstm else hidden)
        finished.append(hidden)
        return torch.cat(outputs, 0), _cat_hidden(finished[::-1], lstm)
    offset, last = data.size(0), batch_sizes[-1]
    hidden = _slice_hidden(h0, 0, last, lstm)
    for bs in reversed(batch_sizes):
        if bs > last:
            hidden = _cat_hidden([hidden, _slice_hidden(h0, last, bs, lstm)], lstm)
        last = bs
        hidden = cell(data[offset - bs:offset], hidden, *weights)
        offset -= bs
        outputs.append(hidden[0] if lstm else hidden)
    return torch.cat(outputs[::-1], 0), hidden


def _packed_forward(rnn, packed, hx):
    import torch.nn.functional as F
    lstm = rnn.mode == 'LSTM'
    cell = {'LSTM': torch.nn._lstm_cell, 'GRU': torch.nn._gru_cell, 'RNN_TANH': torch.nn._rnn_tanh_cell,
            'RNN_RELU': torch.nn._rnn_relu_cell}[rnn.mode]
    batch_sizes = packed.batch_sizes.tolist()
    batch = batch_sizes[0]
    D = 2 if rnn.bidirectional else 1
    expected = (rnn.num_layers * D, batch, rnn.hidden_size)
    if hx is None:
        h0 = torch.zeros(expected, dtype=packed.data.dtype)
        c0 = torch.zeros(expected, dtype=packed.data.dtype) if lstm else None
    else:
        h0, c0 = hx if lstm else (hx, None)
        if packed.sorted_indices is not None:  # the caller's hidden state is in the original batch order
            h0 = h0.index_select(1, packed.sorted_indices)
            c0 = c0.index_select(1, packed.sorted_indices) if lstm else None
        for i, t in enumerate([h0, c0] if lstm else [h0]):
            if tuple(t.shape) != expected:
                which = f'hidden[{i}]' if lstm else 'hidden'
                raise RuntimeError(f'Expected {which} size {expected}, got {list(t.shape)}')
    layer_input = packed.data
    h_n, c_n = [], []
    for layer in range(rnn.num_layers):
        outs = []
        for direction in range(D):
            idx = layer * D + direction
            h = (h0[idx], c0[idx]) if lstm else h0[idx]
            out, hid = _packed_layer(cell, layer_input, batch_sizes, h, rnn._weights(layer, direction), lstm, direction == 1)
            outs.append(out)
            h_n.append(hid[0] if lstm else hid)
            if lstm:
                c_n.append(hid[1])
        layer_output = outs[0] if D == 1 else torch.cat(outs, 1)
        if rnn.dropout != 0 and rnn.training and layer < rnn.num_layers - 1:
            layer_output = F.dropout(layer_output, rnn.dropout, True)
        layer_input = layer_output
    h_n = torch.stack(h_n, 0)
    c_n = torch.stack(c_n, 0) if lstm else None
    if packed.unsorted_indices is not None:
        h_n = h_n.index_select(1, packed.unsorted_indices)
        c_n = c_n.index_select(1, packed.unsorted_indices) if lstm else None
    output = packed._with_data(layer_input)
    return (output, (h_n, c_n)) if lstm else (output, h_n)
`;
