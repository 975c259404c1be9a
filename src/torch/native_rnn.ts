// torch._native.lstm_layer: one direction of an nn.LSTM layer as one engine op (engine ops/rnn.ts, the same values
// bit for bit as the prelude's per-step Python loop). Returns (output [T, B, H], h_n [B, H], c_n [B, H]), or
// None when the tensors are of a kind only the Python loop handles (float64, unusual shapes), which then runs.
import { HostFunction, PyTuple, type PyValue } from '../python/host';
import { Tensor } from '../engine/tensor';
import { lstmLayer } from '../engine/ops/rnn';
import { index } from '../engine/ops/indexing';
import { narrow } from '../engine/ops/shape';
import { guard } from './tensor_protocol';

/** lstm_layer(xw, h0, c0, w_hh, b_hh or None, reverse) → (output, h_n, c_n) or None */
const lstm = new HostFunction('lstm_layer', (a) => guard(() => {
  const [xw, h0, c0, w, b] = a;
  if (!(xw instanceof Tensor && h0 instanceof Tensor && c0 instanceof Tensor && w instanceof Tensor)) return null;
  if (!(b === null || b instanceof Tensor) || typeof a[5] !== 'boolean') return null;
  const packed = lstmLayer(xw, h0, c0, w, b, a[5]);
  if (!packed) return null;
  const T = xw.shape[0];
  // h_n is the state after the last step run: the last time step, or the first one when running in reverse.
  return new PyTuple([narrow(packed, 0, 0, T), index(packed, [a[5] ? 0 : T - 1]), index(packed, [T])]);
}));

/** The entries torch._native gains. */
export const NATIVE_RNN: [string, PyValue][] = [['lstm_layer', lstm]];
