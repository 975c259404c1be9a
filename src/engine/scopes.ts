// A leaner end of tfjs scopes. Every tfjs op and every tf.tidy opens a scope and ends it with the op's result;
// Engine.endScope collects the result's tensors into a list, a Set of ids and a second Set, then walks them
// again, which for the small tensors of typical training loops costs about as much as the kernel. When the
// result is a single tensor (nearly always) this does the same work without that garbage: dispose what the
// scope tracked except the result, pop the scope, hand the result to the parent scope.
import * as tf from '@tensorflow/tfjs-core';

interface Scope { track: tf.Tensor[]; id: number }
interface ScopedTensor { id: number; kept: boolean; scopeId: number; dispose(): void }
interface EngineScopes {
  state: { activeScope: Scope | null; scopeStack: Scope[] };
  endScope(result?: unknown): void;
  track(t: tf.Tensor): tf.Tensor;
}

const LEAN = Symbol.for('lossLens.leanScopes');

/** Installs the single-tensor fast path on tfjs's engine (once per process); other results keep tfjs's path. */
export function installLeanScopes(): void {
  const engine = tf.engine() as unknown as EngineScopes & Record<symbol, unknown>;
  if (engine[LEAN]) return;
  engine[LEAN] = true;
  const full = engine.endScope;
  engine.endScope = function leanEndScope(this: EngineScopes, result?: unknown): void {
    if (!(result instanceof tf.Tensor)) { full.call(this, result); return; }
    const r = result as unknown as ScopedTensor;
    const st = this.state;
    const track = st.activeScope!.track as unknown as ScopedTensor[];
    for (let i = 0; i < track.length; i++) {
      const t = track[i];
      if (!t.kept && t.id !== r.id) t.dispose();
    }
    const old = st.scopeStack.pop()!;
    st.activeScope = st.scopeStack.length === 0 ? null : st.scopeStack[st.scopeStack.length - 1];
    if (!r.kept && r.scopeId === old.id) this.track(result);
  };
}
