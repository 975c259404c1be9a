// The part of torch.nn.functional written in Python over tensor ops (PyTorch's own Python or its kernels'
// index arithmetic, in float32 like the kernels): interpolate/upsample, pixel_shuffle, group_norm, instance_norm,
// adaptive_max_pool2d, unfold. torch.nn.functional serves the names in __all__ (src/torch/index.ts).
export const FUNCTIONAL_PY = String.raw`
import math
import torch

__all__ = ['interpolate', 'upsample', 'pixel_shuffle', 'pixel_unshuffle', 'group_norm', 'instance_norm',
           'adaptive_max_pool2d', 'adaptive_max_pool1d', 'unfold', 'layer_norm']


def _pair_sizes(dim, value, name):
    if isinstance(value, (list, tuple)):
        if len(value) != dim:
            raise ValueError(f'Input and {name} must have the same number of spatial dimensions, but got input with spatial dimensions of {list(range(dim))} and output size of {value}. Please provide input tensor in (N, C, d1, d2, ...,dK) format and output size in (o1, o2, ...,oK) format.')
        return list(value)
    return [value] * dim


def _nearest_index(in_size, out_size, sf):
    if out_size == in_size:
        return torch.arange(out_size)
    if out_size == 2 * in_size:
        return torch.arange(out_size) // 2
    scale = torch.tensor(1.0 / sf if sf is not None and sf > 0 else in_size / out_size)
    return (torch.arange(out_size).float() * scale).floor().long().clamp(max=in_size - 1)


def _linear_weights(in_size, out_size, sf, align_corners):
    # area_pixel_compute_scale / area_pixel_compute_source_index, float32 as in the CPU kernel.
    if align_corners:
        scale = torch.tensor((in_size - 1) / (out_size - 1) if out_size > 1 else 0.0)
        src = torch.arange(out_size).float() * scale
    else:
        scale = torch.tensor(1.0 / sf if sf is not None and sf > 0 else in_size / out_size)
        src = ((torch.arange(out_size).float() + 0.5) * scale - 0.5).clamp(min=0)
    i0 = src.long()
    i1 = i0 + (i0 < in_size - 1).long()
    l1 = src - i0.float()
    l0 = 1 - l1
    w = torch.zeros(out_size, in_size)
    w.scatter_add_(1, i0.unsqueeze(1), l0.unsqueeze(1))
    w.scatter_add_(1, i1.unsqueeze(1), l1.unsqueeze(1))
    return w


def interpolate(input, size=None, scale_factor=None, mode='nearest', align_corners=None, recompute_scale_factor=None, antialias=False):
    dim = input.dim() - 2
    if dim < 1:
        raise ValueError(f'Input Error: Only 3D, 4D and 5D input Tensors supported (got {input.dim()}D) for the modes: nearest | linear | bilinear | bicubic | trilinear | area | nearest-exact (got {mode})')
    if mode in ('nearest', 'area', 'nearest-exact') and align_corners is not None:
        raise ValueError('align_corners option can only be set with the interpolating modes: linear | bilinear | bicubic | trilinear')
    if align_corners is None:
        align_corners = False
    if size is not None and scale_factor is not None:
        raise ValueError('only one of size or scale_factor should be defined')
    if size is not None:
        out = _pair_sizes(dim, size, 'output size')
        sfs = [None] * dim
    elif scale_factor is not None:
        sfs = _pair_sizes(dim, scale_factor, 'scale_factor')
        out = [int(math.floor(float(input.size(i + 2)) * sfs[i])) for i in range(dim)]
        if recompute_scale_factor:
            sfs = [None] * dim
    else:
        raise ValueError('either size or scale_factor should be defined')
    x = input
    if mode == 'nearest':
        for i in range(dim):
            x = x.index_select(i + 2, _nearest_index(input.size(i + 2), out[i], sfs[i]))
        return x
    if (mode == 'bilinear' and dim == 2) or (mode == 'linear' and dim == 1):
        if dim == 2:
            wh = _linear_weights(input.size(2), out[0], sfs[0], align_corners)
            x = torch.matmul(wh, x)
        ww = _linear_weights(input.size(-1), out[-1], sfs[-1], align_corners)
        return torch.matmul(x, ww.t())
    if mode in ('bilinear', 'linear'):
        raise NotImplementedError(f'Got {input.dim()}D input, but {mode} mode needs {dim + 2}D input')
    torch._native.not_supported(f'torch.nn.functional.interpolate(mode={mode!r})')


def upsample(input, size=None, scale_factor=None, mode='nearest', align_corners=None):
    return interpolate(input, size, scale_factor, mode, align_corners)


def pixel_shuffle(input, upscale_factor):
    r = upscale_factor
    if input.dim() < 3:
        raise RuntimeError(f'pixel_shuffle expects input to have at least 3 dimensions, but got input with {input.dim()} dimension(s)')
    c, h, w = input.shape[-3:]
    if c % (r * r) != 0:
        raise RuntimeError(f'pixel_shuffle expects its input\'s \'channel\' dimension to be divisible by the square of upscale_factor, but input.size(-3)={c} is not divisible by {r * r}')
    lead = list(input.shape[:-3])
    n = len(lead)
    x = input.reshape(lead + [c // (r * r), r, r, h, w])
    x = x.permute(list(range(n)) + [n, n + 3, n + 1, n + 4, n + 2])
    return x.reshape(lead + [c // (r * r), h * r, w * r])


def pixel_unshuffle(input, downscale_factor):
    r = downscale_factor
    c, h, w = input.shape[-3:]
    lead = list(input.shape[:-3])
    n = len(lead)
    x = input.reshape(lead + [c, h // r, r, w // r, r])
    x = x.permute(list(range(n)) + [n, n + 2, n + 4, n + 1, n + 3])
    return x.reshape(lead + [c * r * r, h // r, w // r])


def _affine(out, weight, bias):
    shape = [1, -1] + [1] * (out.dim() - 2)
    if weight is not None:
        out = out * weight.reshape(shape)
    if bias is not None:
        out = out + bias.reshape(shape)
    return out


def group_norm(input, num_groups, weight=None, bias=None, eps=1e-05):
    n, c = input.shape[0], input.shape[1]
    if c % num_groups != 0:
        raise RuntimeError(f'Expected number of channels in input to be divisible by num_groups, but got input of shape {list(input.shape)} and num_groups={num_groups}')
    x = input.reshape(n, num_groups, -1)
    mean = x.mean(dim=-1, keepdim=True)
    var = x.var(dim=-1, unbiased=False, keepdim=True)
    out = ((x - mean) / (var + eps).sqrt()).reshape(input.shape)
    return _affine(out, weight, bias)


def instance_norm(input, running_mean=None, running_var=None, weight=None, bias=None, use_input_stats=True, momentum=0.1, eps=1e-05):
    dims = list(range(2, input.dim()))
    if use_input_stats:
        mean = input.mean(dim=dims, keepdim=True)
        var = input.var(dim=dims, unbiased=False, keepdim=True)
        if running_mean is not None:
            with torch.no_grad():
                cnt = 1
                for d in dims:
                    cnt *= input.size(d)
                running_mean.mul_(1 - momentum).add_(mean.mean(0).flatten() * momentum)
                running_var.mul_(1 - momentum).add_(var.mean(0).flatten() * (momentum * cnt / max(cnt - 1, 1)))
        out = (input - mean) / (var + eps).sqrt()
    else:
        shape = [1, -1] + [1] * len(dims)
        out = (input - running_mean.reshape(shape)) / (running_var.reshape(shape) + eps).sqrt()
    return _affine(out, weight, bias)


def layer_norm(input, normalized_shape, weight=None, bias=None, eps=1e-05):
    dims = [input.dim() - 1 - i for i in range(len(normalized_shape))]
    mean = input.mean(dim=dims, keepdim=True)
    var = input.var(dim=dims, unbiased=False, keepdim=True)
    out = (input - mean) / (var + eps).sqrt()
    if weight is not None:
        out = out * weight
    if bias is not None:
        out = out + bias
    return out


def _adaptive_max(x, dim, out_size):
    in_size = x.size(dim)
    parts = []
    for i in range(out_size):
        start = (i * in_size) // out_size
        end = -((-(i + 1) * in_size) // out_size)
        parts.append(x.narrow(dim, start, end - start).max(dim, keepdim=True)[0])
    return torch.cat(parts, dim)


def adaptive_max_pool2d(input, output_size, return_indices=False):
    if return_indices:
        torch._native.not_supported('adaptive_max_pool2d(return_indices=True)')
    oh, ow = output_size if isinstance(output_size, (list, tuple)) else (output_size, output_size)
    oh = input.size(-2) if oh is None else oh
    ow = input.size(-1) if ow is None else ow
    return _adaptive_max(_adaptive_max(input, input.dim() - 2, oh), input.dim() - 1, ow)


def adaptive_max_pool1d(input, output_size, return_indices=False):
    if return_indices:
        torch._native.not_supported('adaptive_max_pool1d(return_indices=True)')
    o = output_size[0] if isinstance(output_size, (list, tuple)) else output_size
    return _adaptive_max(input, input.dim() - 1, o)


def unfold(input, kernel_size, dilation=1, padding=0, stride=1):
    if input.dim() != 4:
        raise NotImplementedError(f'Input Error: Only 4D input Tensors are supported (got {input.dim()}D)')
    kh, kw = kernel_size if isinstance(kernel_size, (list, tuple)) else (kernel_size, kernel_size)
    dh, dw = dilation if isinstance(dilation, (list, tuple)) else (dilation, dilation)
    ph, pw = padding if isinstance(padding, (list, tuple)) else (padding, padding)
    sh, sw = stride if isinstance(stride, (list, tuple)) else (stride, stride)
    n, c, h, w = input.shape
    x = torch.nn.functional.pad(input, (pw, pw, ph, ph)) if ph or pw else input
    oh = (h + 2 * ph - dh * (kh - 1) - 1) // sh + 1
    ow = (w + 2 * pw - dw * (kw - 1) - 1) // sw + 1
    cols = []
    for i in range(kh):
        for j in range(kw):
            cols.append(x[:, :, i * dh: i * dh + sh * (oh - 1) + 1: sh, j * dw: j * dw + sw * (ow - 1) + 1: sw])
    return torch.stack(cols, 2).reshape(n, c * kh * kw, oh * ow)
`;
