# Inert mpl_toolkits for the PyTorch side (matplotlib's 3D axes; see ../matplotlib/__init__.py).
