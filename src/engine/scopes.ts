// A leaner end of tfjs scopes. Every tfjs op and every tf.tidy opens a scope and ends it with the op's result;
// Engine.endScope collects the result's tensors into a list, a Set of ids and a second Set, then walks them
// again, which for the small tensors of typical training loops costs about as much as the kernel. When the
// result is a single tensor (nearly always), nothing, or a short array of tensors and nulls (a backward's
// gradients) this does the same work without that garbage: dispose what the scope tracked except the result,
// pop the scope, hand the result's tensors to the parent scope.
import * as tf from '@tensorflow/tfjs-core';

interface Scope { track: tf.Tensor[]; id: number }
interface ScopedTensor { id: number; kept: boolean; scopeId: number; dispose(): void }
interface EngineScopes {
  state: { activeScope: Scope | null; scopeStack: Scope[] };
  endScope(result?: unknown): void;
  track(t: tf.Tensor): tf.Tensor;
}

const LEAN = Symbol.for('lossLens.leanScopes');

/** Installs the fast path on tfjs's engine (once per process); other results keep tfjs's path. */
export function installLeanScopes(): void {
  const engine = tf.engine() as unknown as EngineScopes & Record<symbol, unknown>;
  if (engine[LEAN]) return;
  engine[LEAN] = true;
  const full = engine.endScope;
  engine.endScope = function leanEndScope(this: EngineScopes, result?: unknown): void {
    if (result instanceof tf.Tensor) { endWithOne(this, result as unknown as ScopedTensor); return; }
    const list = resultTensors(result);
    if (list === null) full.call(this, result);
    else endWithList(this, list);
  };
}

/** Pops the active scope; returns it. */
function pop(e: EngineScopes): Scope {
  const st = e.state;
  const old = st.scopeStack.pop()!;
  st.activeScope = st.scopeStack.length === 0 ? null : st.scopeStack[st.scopeStack.length - 1];
  return old;
}

function endWithOne(e: EngineScopes, r: ScopedTensor): void {
  const track = e.state.activeScope!.track as unknown as ScopedTensor[];
  for (let i = 0; i < track.length; i++) {
    const t = track[i];
    if (!t.kept && t.id !== r.id) t.dispose();
  }
  const old = pop(e);
  if (!r.kept && r.scopeId === old.id) e.track(r as unknown as tf.Tensor);
}

function endWithList(e: EngineScopes, list: ScopedTensor[]): void {
  const track = e.state.activeScope!.track as unknown as ScopedTensor[];
  for (let i = 0; i < track.length; i++) {
    const t = track[i];
    if (t.kept) continue;
    let inResult = false;
    for (let j = 0; j < list.length; j++) if (list[j].id === t.id) { inResult = true; break; }
    if (!inResult) t.dispose();
  }
  const old = pop(e);
  // A tensor listed twice is tracked once: tracking moves it to the parent scope's id.
  for (const r of list) if (!r.kept && r.scopeId === old.id) e.track(r as unknown as tf.Tensor);
}

const NONE: ScopedTensor[] = [];
/** Most arrays a scope returns (a backward's gradients) are this short; longer ones keep tfjs's Set. */
const MAX_LIST = 8;

/**
 * The tensors of a scope's result when it is nothing (null, undefined) or a short flat array of tensors
 * and nulls (what getTensorsInContainer would list, possibly with repeats); null for anything else.
 */
function resultTensors(result: unknown): ScopedTensor[] | null {
  if (result == null) return NONE;
  if (!Array.isArray(result) || result.length > MAX_LIST) return null;
  const list: ScopedTensor[] = [];
  for (let i = 0; i < result.length; i++) {
    const x = result[i] as unknown;
    if (x instanceof tf.Tensor) list.push(x as unknown as ScopedTensor);
    else if (x != null) return null;
  }
  return list;
}
