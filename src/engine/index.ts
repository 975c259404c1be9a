// The engine's public API (what src/torch builds on). Knows nothing about Python.
export * from './tensor';
export * from './autograd';
export * from './memory';
export * from './budget';
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
