# Inert matplotlib for the PyTorch side of the real-code corpus (Debian's python3-torch has no matplotlib):
# every attribute is a callable that accepts anything and returns an inert object, as Loss Lens's own shim does.
class _Inert:
    def __call__(self, *a, **k):
        return _Inert()

    def __getattr__(self, name):
        return _Inert()

    def __getitem__(self, key):
        return _Inert()

    def __setitem__(self, key, value):
        pass

    def __iter__(self):
        return iter(())


def use(*a, **k):
    return None


def __getattr__(name):
    return _Inert()
