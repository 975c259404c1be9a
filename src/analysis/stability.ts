// The largest stable learning rate for an optimizer on the local quadratic with curvature λ_max: gradient descent
// diverges once lr > 2/λ, heavy-ball momentum β once lr > 2(1+β)/λ; adaptive optimizers have no such bound.
// Shared by every engine's probe, so a run's verdict reads the same whatever computed λ.

/** Stable-lr bound for the optimizer the snippet builds (plain gradient descent when it updates by hand). */
export function stableLr(lambda: number, optimizer: string, momentum = 0): { stable: number | null; bound: string } {
  if (/^(Adam|AdamW|RMSprop|Adagrad|Adadelta|Adamax|NAdam|RAdam)$/.test(optimizer)) {
    return { stable: null, bound: `${optimizer} rescales each coordinate by its gradient history, so 2/λ does not bound its lr directly` };
  }
  if (momentum > 0) return { stable: (2 * (1 + momentum)) / lambda, bound: `2(1+β)/λ, momentum β=${momentum}` };
  return { stable: 2 / lambda, bound: '2/λ' };
}
