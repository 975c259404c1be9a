"""The Loss Lens harness's parts (see ../loss_lens_harness.py). Imported before the program runs, under a
name no program uses."""
