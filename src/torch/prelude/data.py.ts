// torch.utils.data in Python: Dataset, TensorDataset, DataLoader (single process) and default_collate.
// Random draws follow PyTorch: every DataLoader iteration takes one int64 base seed from the default generator,
// and shuffle=True then seeds a fresh generator from a second draw for randperm (native helper). Batches are
// built when iteration starts (no generators in the interpreter); no draws happen in between in PyTorch either.
export const DATA_PY = String.raw`
import math
import torch
from torch import _native


class Dataset:
    def __getitem__(self, index):
        raise NotImplementedError('Subclasses of Dataset should implement __getitem__.')


class TensorDataset(Dataset):
    def __init__(self, *tensors):
        for t in tensors:
            if t.size(0) != tensors[0].size(0):
                raise AssertionError('Size mismatch between tensors')
        self.tensors = tensors

    def __getitem__(self, index):
        return tuple([t[index] for t in self.tensors])

    def __len__(self):
        return self.tensors[0].size(0)


def default_collate(batch):
    elem = batch[0]
    if torch.is_tensor(elem):
        return torch.stack(batch, 0)
    if isinstance(elem, bool):
        return torch.tensor(batch)
    if isinstance(elem, float):
        return torch.tensor(batch, dtype=torch.float64)
    if isinstance(elem, int):
        return torch.tensor(batch)
    if isinstance(elem, tuple) or isinstance(elem, list):
        return [default_collate([sample[i] for sample in batch]) for i in range(len(elem))]
    if isinstance(elem, dict):
        return {key: default_collate([d[key] for d in batch]) for key in elem}
    return batch


class DataLoader:
    def __init__(self, dataset, batch_size=1, shuffle=False, sampler=None, batch_sampler=None, num_workers=0,
                 collate_fn=None, pin_memory=False, drop_last=False, timeout=0, worker_init_fn=None,
                 generator=None, prefetch_factor=None, persistent_workers=False):
        if sampler is not None or batch_sampler is not None or generator is not None:
            _native.not_supported('DataLoader(sampler/batch_sampler/generator=...)')
        self.dataset = dataset
        self.batch_size = batch_size
        self.shuffle = shuffle
        self.drop_last = drop_last
        self.collate_fn = default_collate if collate_fn is None else collate_fn

    def __len__(self):
        n = len(self.dataset)
        if self.batch_size is None:
            return n
        if self.drop_last:
            return n // self.batch_size
        return int(math.ceil(n / self.batch_size))

    def __iter__(self):
        n = len(self.dataset)
        # A generator, like PyTorch's iterator: one batch is built per next(), so no pending batch lives only
        # inside a suspended iterator (memory sweeps) and an epoch costs no more memory than one batch.
        order = _native.loader_order(n, self.shuffle)
        if self.batch_size is None:
            for i in order:
                yield self.dataset[i]
            return
        for start in range(0, n, self.batch_size):
            idx = list(order[start:start + self.batch_size])
            if len(idx) < self.batch_size and self.drop_last:
                break
            if self.collate_fn is default_collate and isinstance(self.dataset, TensorDataset):
                # Same values as stacking the samples, in one gather per tensor.
                rows = torch.tensor(idx, dtype=torch.long)
                yield [t[rows] for t in self.dataset.tensors]
            else:
                yield self.collate_fn([self.dataset[i] for i in idx])
`;
