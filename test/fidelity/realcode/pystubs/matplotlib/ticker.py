# Inert matplotlib.ticker (see __init__.py).
from . import _Inert


def __getattr__(name):
    return _Inert()
