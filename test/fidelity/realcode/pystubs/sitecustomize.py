# The real-code corpus seeds NumPy's global generator from the run's seed on both sides (Loss Lens does so for
# every run), so scripts that draw from np.random without seeding it compare deterministically.
import os

if 'LOSS_LENS_NUMPY_SEED' in os.environ:
    import numpy
    numpy.random.seed(int(os.environ['LOSS_LENS_NUMPY_SEED']))
