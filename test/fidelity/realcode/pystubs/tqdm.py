# Inert tqdm for PyTorch's side (Debian's python3-torch has none; Loss Lens runs tqdm as the identity on iterables,
# its bars going to stderr in Python, so they are not part of a run's output).
class tqdm:
    def __init__(self, iterable=None, *args, **kwargs):
        self.iterable = iterable

    def __iter__(self):
        return iter(self.iterable)

    def __len__(self):
        return len(self.iterable)

    def __enter__(self):
        return self

    def __exit__(self, *a):
        return False

    def update(self, n=1):
        pass

    def set_description(self, *a, **k):
        pass

    def set_postfix(self, *a, **k):
        pass

    def close(self):
        pass

    @staticmethod
    def write(s, *a, **k):
        print(s)


def trange(*args, **kwargs):
    return tqdm(range(*args))
