# Inert mplot3d (Axes3D and friends): every attribute is an inert callable, as in ../../matplotlib.
from matplotlib import __getattr__  # noqa: F401
