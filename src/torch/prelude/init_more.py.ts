// More of torch.nn.init (appended to NN_INIT_PY): orthogonal_ as PyTorch 1.13 (one normal_ draw of rows × cols,
// QR, columns signed by R's diagonal) and eye_.
export const NN_INIT_MORE_PY = String.raw`

def orthogonal_(tensor, gain=1):
    if tensor.ndimension() < 2:
        raise ValueError('Only tensors with 2 or more dimensions are supported')
    if tensor.numel() == 0:
        return tensor
    rows = tensor.size(0)
    cols = tensor.numel() // rows
    flattened = torch.empty(rows, cols).normal_(0, 1)
    if rows < cols:
        flattened = flattened.t()
    q, r = torch.linalg.qr(flattened)
    d = torch.diag(r, 0)
    ph = d.sign()
    q = q * ph
    if rows < cols:
        q = q.t()
    with torch.no_grad():
        tensor.copy_(q.reshape(tensor.shape))
        tensor.mul_(gain)
    return tensor


def eye_(tensor):
    if tensor.ndimension() != 2:
        raise ValueError('Only tensors with 2 dimensions are supported')
    with torch.no_grad():
        tensor.copy_(torch.eye(tensor.size(0), tensor.size(1)))
    return tensor
`;
