// `model.summary()` inside a run: tfjs-layers prints with the host's console.log by default (Sequential passes it
// explicitly), which would bypass the run's record. While a run is active its table lines become print records,
// with the run-local layer names a fresh process would print (see renumberingLayers in namespace.ts).
import * as layers from '@tensorflow/tfjs-layers';

type PrintFn = (message?: unknown, ...rest: unknown[]) => void;
type Summary = (this: layers.LayersModel, lineLength?: number, positions?: number[], printFn?: PrintFn) => void;

let patched = false;

/** Patched once per process; `print` is the active run's summary printer, undefined outside a run. */
export function patchSummary(print: () => ((text: string) => void) | undefined): void {
  if (patched) return;
  patched = true;
  for (const proto of [layers.Sequential.prototype, layers.LayersModel.prototype] as unknown as Array<{ summary: Summary }>) {
    const original = proto.summary;
    proto.summary = function (this: layers.LayersModel, lineLength?: number, positions?: number[], printFn?: PrintFn) {
      const p = print();
      const fn: PrintFn | undefined = printFn ?? (p ? (...a: unknown[]) => p(a.map(String).join(' ')) : undefined);
      return original.call(this, lineLength, positions, fn);
    };
  }
}

/**
 * A summary line with each layer name replaced by its run-local name; the characters a shorter name frees go to the
 * end of its cell's padding (the next run of two or more spaces), so the columns stay where a fresh process puts them.
 */
export function renameLayers(text: string, aliases: ReadonlyMap<string, string>): string {
  if (aliases.size === 0) return text;
  let out = '';
  let rest = text;
  for (let m = /[\w$]+/.exec(rest); m; m = /[\w$]+/.exec(rest)) {
    const alias = aliases.get(m[0]);
    out += rest.slice(0, m.index) + (alias ?? m[0]);
    rest = rest.slice(m.index + m[0].length);
    const freed = alias !== undefined ? m[0].length - alias.length : 0;
    if (freed > 0) {
      const pad = / {2,}/.exec(rest);
      if (pad) rest = rest.slice(0, pad.index) + ' '.repeat(freed) + rest.slice(pad.index);
    }
  }
  return out + rest;
}
