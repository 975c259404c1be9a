// Which engine a run uses: the one asked for (Run with PyTorch, Compare engines, a rerun keeping its engine), else
// `lossLens.engine` (auto = the built-in engine; a NotSupported stop then offers PyTorch). An engine that cannot
// run here (no torch in that Python) is one clear message with the fix, not a failed run.
import type { Engine, EngineId } from '../../protocol/engine';
import { EngineUnavailable, type Engines } from '../../engines';
import { UserError } from '../../analysis/runSpec';
import { config } from '../config';

/** `resource`: the URI of the file the run comes from (its folder's settings and interpreter apply). */
export async function engineFor(engines: Engines, id?: EngineId, resource?: string): Promise<Engine> {
  try {
    return await engines.ready(id ?? (config.engine(resource) === 'pytorch' ? 'pytorch' : 'builtin'), resource);
  } catch (e) {
    if (e instanceof EngineUnavailable) throw new UserError(e.message);
    throw e;
  }
}
