// The Python half of the `torch` package: module name → source, run by the interpreter's runModule().
// Kept as TS string exports so the same sources work from tsc output (tests) and from esbuild bundles.
import { NN_MODULE_PY } from './nn_module.py';
import { NN_LAYERS_PY } from './nn_layers.py';
import { NN_LAYERS_EXTRA_PY } from './nn_layers_extra.py';
import { NN_CONV_PY } from './nn_conv.py';
import { NN_PAD_PY } from './nn_pad.py';
import { NN_RNN_PY } from './nn_rnn.py';
import { NN_INIT_PY } from './nn_init.py';
import { OPTIM_PY } from './optim.py';
import { AUTOGRAD_PY } from './autograd.py';
import { LR_SCHEDULER_PY, NN_UTILS_PY } from './extras.py';
import { DATA_PY } from './data.py';
import { OPTIM_EXTRA_PY, PLATEAU_PY } from './optim_extra.py';
import { OPTIM_MORE_PY } from './optim_more.py';
import { RNN_UTILS_PY } from './rnn_utils.py';
import { FUNCTIONAL_PY } from './functional_py.py';
import { NN_LAYERS_MORE_PY } from './nn_layers_more.py';
import { NN_TRANSFORMER_PY } from './nn_transformer.py';
import { DISTRIBUTIONS_PY } from './distributions.py';
import { LR_MORE_PY } from './lr_more.py';
import { NN_INIT_MORE_PY } from './init_more.py';
import { NN_UTILS_MORE_PY } from './utils_more.py';
import { AMP_PY } from './amp.py';

export const PRELUDE_SOURCES: Readonly<Record<string, string>> = {
  'torch.nn': NN_MODULE_PY + NN_LAYERS_PY + NN_LAYERS_EXTRA_PY + NN_CONV_PY + NN_PAD_PY + NN_RNN_PY + NN_LAYERS_MORE_PY + NN_TRANSFORMER_PY,
  'torch.nn.init': NN_INIT_PY + NN_INIT_MORE_PY,
  'torch.optim': OPTIM_PY + OPTIM_EXTRA_PY + OPTIM_MORE_PY,
  'torch.autograd': AUTOGRAD_PY,
  'torch.nn.utils': NN_UTILS_PY + NN_UTILS_MORE_PY,
  'torch.nn.utils.rnn': RNN_UTILS_PY,
  'torch.optim.lr_scheduler': LR_SCHEDULER_PY + PLATEAU_PY + LR_MORE_PY,
  'torch.utils.data': DATA_PY,
  'torch.nn._functional_py': FUNCTIONAL_PY,
  'torch.distributions': DISTRIBUTIONS_PY,
  'torch.cuda.amp': AMP_PY,
};
