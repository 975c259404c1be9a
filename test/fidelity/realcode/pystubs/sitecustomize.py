# The real-code corpus seeds NumPy's global generator and Python's random module from the run's seed on both sides
# (Loss Lens does so for every run), so scripts that draw from np.random or shuffle with random without seeding
# them compare deterministically.
import os

if 'LOSS_LENS_NUMPY_SEED' in os.environ:
    import numpy
    import random
    numpy.random.seed(int(os.environ['LOSS_LENS_NUMPY_SEED']))
    random.seed(int(os.environ['LOSS_LENS_NUMPY_SEED']))
