// The engine's public API (what src/torch builds on). Knows nothing about Python.
export * from './tensor';
export * from './autograd';
export * from './memory';
export * from './rng';
export * from './backend';
export * from './creation';
export * from './ops/util';
export * from './ops/elementwise';
export * from './ops/reduce';
export * from './ops/matmul';
export * from './ops/shape';
export * from './ops/indexing';
export * from './ops/nn';
export * from './ops/inplace';
/** torch.nn.init maths (a namespace: its uniform_/normal_ run under no_grad, unlike the tensor methods). */
export * as init from './init';
/** Optimizers (SGD, Adam, AdamW, RMSprop, Adagrad) with PyTorch 1.13's update formulas. */
export * as optim from './optim';
export * from './ops/activation';
export * from './ops/sampling';
export * from './ops/triangular';
export * from './ops/conv';
export * from './ops/pool';
