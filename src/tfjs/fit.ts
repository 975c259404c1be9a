// tfjs-layers' `model.fit` / `model.fitDataset` inside a run. Their gradients are already measured where every
// optimizer computes them (Optimizer.computeGradients, which fit's `minimize` calls, before the update); what fit
// needs besides is:
//  - to know it was called from the chosen loop: fit awaits between batches, so after its first batch no frame of
//    the program is on the stack any more. Where the call starts (synchronously, with the caller's frames on the
//    stack) decides, and the answer holds until its promise settles;
//  - to end like a loop at `steps N`: a callback appended to the program's own sets `model.stopTraining` after the
//    batch whose step was the N-th (fit checks it after every batch), and a later fit from the same loop trains for
//    no epoch at all.
import * as layers from '@tensorflow/tfjs-layers';

export interface FitHooks {
  /** A fit call starts: is it the chosen loop (or called from inside it), and is that loop already over? */
  fitStarted(): { inLoop: boolean; over: boolean };
  /** After each batch of an in-loop fit: true ends the training (steps reached, or the run is stopping). */
  fitBatchEnded(): boolean;
  fitSettled(inLoop: boolean): void;
}

type FitArgs = { epochs?: number; initialEpoch?: number; callbacks?: unknown; yieldEvery?: unknown } | undefined;
type Fit = (this: layers.LayersModel, a: unknown, b: unknown, args?: FitArgs) => Promise<unknown>;

let patched = false;

function isCallback(c: unknown): boolean {
  return c !== null && typeof c === 'object' && typeof (c as { setModel?: unknown }).setModel === 'function';
}

/**
 * Ends an in-loop fit after the batch whose step was the N-th. A plain Callback: a CustomCallback with an
 * onBatchEnd would read every batch's logs from the device first, which plain Node's fit never does.
 */
class StepLimit extends layers.Callback {
  constructor(private readonly target: layers.LayersModel, private readonly hooks: FitHooks) { super(); }
  override async onBatchEnd(): Promise<void> { if (this.hooks.fitBatchEnded()) this.target.stopTraining = true; }
}

/** The program's callbacks plus ours, in the one shape fit accepts (all BaseCallback instances). */
function withCallback(args: FitArgs, model: layers.LayersModel, hooks: FitHooks): FitArgs {
  const ours = new StepLimit(model, hooks);
  const given = args?.callbacks;
  // No callbacks: fit's own default, an empty CustomCallback (it yields to the event loop every 125 ms).
  const list = given == null ? [{}] : Array.isArray(given) ? given : [given];
  // What fit's standardizeCallbacks does with plain `{ onBatchEnd … }` objects, with the program's yieldEvery.
  const own = list.map((c) => (isCallback(c) ? c : new layers.CustomCallback(c as layers.CustomCallbackArgs, args?.yieldEvery as 'auto')));
  return { ...args, callbacks: [...own, ours] };
}

/** Patched once per process (LayersModel.prototype is shared by every run); inert when `hooks()` is undefined. */
export function patchFit(hooks: () => FitHooks | undefined): void {
  if (patched) return;
  patched = true;
  const proto = layers.LayersModel.prototype as unknown as Record<'fit' | 'fitDataset', Fit> & { save(h: unknown, c?: unknown): Promise<unknown> };
  // A URL names a file or the network (tfjs-core's http handler fetches even in Node); an IOHandler object is the
  // program's own code.
  const save = proto.save;
  proto.save = function (this: layers.LayersModel, handler: unknown, config?: unknown) {
    if (hooks() && typeof handler === 'string') {
      return Promise.reject(new Error(`model.save('${handler}') is not available in a Loss Lens run (no file, network or backend access)`));
    }
    return save.call(this, handler, config);
  };
  for (const name of ['fit', 'fitDataset'] as const) {
    const original = proto[name];
    // Sequential overrides fit/fitDataset only to forward to LayersModel's after building: patching the base covers both.
    proto[name] = function (this: layers.LayersModel, a: unknown, b: unknown, c?: FitArgs) {
      const h = hooks();
      if (!h) return original.call(this, a, b, c);
      const { inLoop, over } = h.fitStarted();
      // fit(x, y, args) but fitDataset(dataset, args)
      const args = (name === 'fit' ? c : b) as FitArgs;
      let next: FitArgs = args;
      if (inLoop) next = over ? { ...args, epochs: args?.initialEpoch ?? 0 } : withCallback(args, this, h);
      const result = name === 'fit' ? original.call(this, a, b, next) : original.call(this, a, next, undefined);
      return result.finally(() => h.fitSettled(inLoop));
    };
  }
}
