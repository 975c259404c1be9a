# Inert pyplot (see __init__.py); subplots returns (figure, axes) like matplotlib, axes a NumPy object array.
import numpy as _np
from . import _Inert


def subplots(nrows=1, ncols=1, **k):
    if nrows == 1 and ncols == 1:
        return _Inert(), _Inert()
    axs = _np.empty((nrows, ncols) if nrows > 1 and ncols > 1 else (max(nrows, ncols),), dtype=object)
    for i in _np.ndindex(axs.shape):
        axs[i] = _Inert()
    return _Inert(), axs


def __getattr__(name):
    return _Inert()
