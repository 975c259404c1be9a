// The program's own seed: a snippet that calls torch.manual_seed(n) before its training loop runs on n, whatever
// seed the run applied first, so the start record names that call (line and value) for the run table.
import type { Generator } from '../engine/rng';

export interface SeedSource { line: number; seed: number }

/**
 * Watches `gen.manualSeed` while the program runs: each call made from the user's code (`line()` defined) is
 * remembered, the last one wins. `dispose` restores the generator's own method.
 */
export function watchProgramSeed(gen: Generator, line: () => number | undefined): { readonly source: SeedSource | undefined; dispose(): void } {
  let source: SeedSource | undefined;
  const own = Object.prototype.hasOwnProperty.call(gen, 'manualSeed') ? gen.manualSeed : undefined;
  const original = gen.manualSeed;
  gen.manualSeed = function (this: Generator, seed: number | bigint) {
    const at = line();
    // As torch.initial_seed() would report it (manualSeed keeps the unsigned 64-bit value).
    if (at !== undefined) source = { line: at, seed: Number(BigInt.asUintN(64, BigInt(seed))) };
    return original.call(this, seed);
  };
  return {
    get source() { return source; },
    dispose() { if (own) gen.manualSeed = own; else delete (gen as { manualSeed?: unknown }).manualSeed; },
  };
}
