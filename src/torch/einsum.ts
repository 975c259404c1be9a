// torch.einsum: each operand's repeated subscripts become a diagonal, subscripts used nowhere else are summed,
// then operands contract left to right as one batched matmul each (batch, free and contracted subscripts
// grouped by a permute + reshape), so gradients come from the engine's matmul and no product is materialised.
import { PyError, type PyValue } from '../python/host';
import { Tensor } from '../engine/tensor';
import * as K from './kernels';
import { seqItems, typeNameOf } from './args';

interface Term { t: Tensor; labels: string[] }

const ELL = (i: number): string => String.fromCharCode(0x100 + i); // ellipsis dims, right-aligned

function parseTerm(s: string, t: Tensor, i: number, maxEll: number): string[] {
  const parts = s.split('...');
  if (parts.length > 2) throw new PyError('RuntimeError', 'einsum(): found \'.\' for operand ' + i + ' that is not part of any ellipsis');
  const named = parts.join('');
  for (const ch of named) {
    if (!/[a-zA-Z]/.test(ch)) throw new PyError('RuntimeError', `einsum(): invalid subscript given at index ${s.indexOf(ch)} in the equation string, subscripts must be in [a-zA-Z]`);
  }
  if (parts.length === 1) {
    if (named.length !== t.ndim) {
      throw new PyError('RuntimeError', `einsum(): the number of subscripts in the equation (${named.length}) does not match the number of dimensions (${t.ndim}) for operand ${i} and no ellipsis was given`);
    }
    return [...named];
  }
  const n = t.ndim - named.length;
  if (n < 0) {
    throw new PyError('RuntimeError', `einsum(): the number of subscripts in the equation (${named.length}) is more than the number of dimensions (${t.ndim}) for operand ${i}`);
  }
  const ell = Array.from({ length: n }, (_, j) => ELL(maxEll - n + j));
  return [...parts[0], ...ell, ...parts[1]];
}

/** Takes the diagonal over every repeated label (x_ii → x_i). */
function dedupe(term: Term): Term {
  let { t, labels } = term;
  for (;;) {
    const j = labels.findIndex((l, q) => labels.indexOf(l) !== q);
    if (j < 0) return { t, labels };
    const i = labels.indexOf(labels[j]);
    const rest = labels.map((_, q) => q).filter((q) => q !== i && q !== j);
    const n = Math.min(t.shape[i], t.shape[j]);
    const p = K.permute(t, [...rest, i, j]);
    const lead = rest.map((q) => t.shape[q]);
    const flat = K.reshape(p, [...lead, t.shape[i] * t.shape[j]]);
    const offs = Array.from({ length: n }, (_, q) => q * t.shape[j] + q);
    const picked = K.index(flat, [...lead.map(() => new K.Slice()), K.fromValues(offs, [n], 'int64')]);
    t = picked;
    labels = [...rest.map((q) => labels[q]), labels[i]];
  }
}

function sumOut(term: Term, keep: (l: string) => boolean): Term {
  const dims = term.labels.map((l, q) => (keep(l) ? -1 : q)).filter((q) => q >= 0);
  if (!dims.length) return term;
  return { t: K.sum(term.t, dims), labels: term.labels.filter((l) => keep(l)) };
}

function sizeOf(a: Term, b: Term, l: string): number {
  const ia = a.labels.indexOf(l), ib = b.labels.indexOf(l);
  return Math.max(ia >= 0 ? a.t.shape[ia] : 1, ib >= 0 ? b.t.shape[ib] : 1);
}

function contract(a: Term, b: Term, keep: (l: string) => boolean): Term {
  const batch = a.labels.filter((l) => b.labels.includes(l) && keep(l));
  const contr = a.labels.filter((l) => b.labels.includes(l) && !keep(l));
  const aOnly = a.labels.filter((l) => !b.labels.includes(l));
  const bOnly = b.labels.filter((l) => !a.labels.includes(l));
  const size = (l: string): number => sizeOf(a, b, l);
  const prod = (ls: string[]): number => ls.reduce((s, l) => s * size(l), 1);
  const arrange = (x: Term, order: string[]): Tensor => {
    const p = K.permute(x.t, order.map((l) => x.labels.indexOf(l)));
    const full = order.map(size);
    return p.shape.join() === full.join() ? p : K.expand(p, full);
  };
  const A = K.reshape(arrange(a, [...batch, ...aOnly, ...contr]), [prod(batch), prod(aOnly), prod(contr)]);
  const B = K.reshape(arrange(b, [...batch, ...contr, ...bOnly]), [prod(batch), prod(contr), prod(bOnly)]);
  const out = K.reshape(K.matmul(A, B), [...batch, ...aOnly, ...bOnly].map(size));
  return { t: out, labels: [...batch, ...aOnly, ...bOnly] };
}

export function einsum(args: readonly PyValue[]): Tensor {
  const eq = args[0];
  if (typeof eq !== 'string') throw new PyError('TypeError', `einsum(): argument 'equation' (position 1) must be str, not ${typeNameOf(eq ?? null)}`);
  const list = args.length === 2 ? seqItems(args[1]) : null;
  const ops = (list ?? args.slice(1)).map((v, i) => {
    if (!(v instanceof Tensor)) throw new PyError('TypeError', `einsum(): argument 'operands' must be tuple of Tensors, but found element of type ${typeNameOf(v)} at pos ${i}`);
    return v;
  });
  const eqs = eq.replace(/\s/g, '');
  const [lhs, rhs] = eqs.includes('->') ? eqs.split('->') : [eqs, null];
  const terms = lhs.split(',');
  if (terms.length !== ops.length) throw new PyError('RuntimeError', `einsum(): ${ops.length > terms.length ? 'more' : 'fewer'} operands were provided than specified in the equation`);
  const named = terms.map((s) => s.replace('...', '').length);
  const maxEll = Math.max(0, ...terms.map((s, i) => (s.includes('...') ? ops[i].ndim - named[i] : 0)));
  let items: Term[] = terms.map((s, i) => ({ t: ops[i], labels: parseTerm(s, ops[i], i, maxEll) }));
  let out: string[];
  if (rhs === null) {
    const count = new Map<string, number>();
    items.forEach((it) => it.labels.forEach((l) => count.set(l, (count.get(l) ?? 0) + 1)));
    const ell = Array.from({ length: maxEll }, (_, j) => ELL(j));
    out = [...ell, ...[...count.keys()].filter((l) => count.get(l) === 1 && l.charCodeAt(0) < 0x100).sort()];
  } else {
    const hasEll = terms.some((s) => s.includes('...'));
    out = rhs.includes('...') ? [...rhs.split('...')[0], ...Array.from({ length: maxEll }, (_, j) => ELL(j)), ...rhs.split('...')[1]] : [...rhs];
    if (!hasEll && rhs.includes('...')) out = out.filter((l) => l.charCodeAt(0) < 0x100);
    for (const l of out) {
      if (l.charCodeAt(0) < 0x100 && !items.some((it) => it.labels.includes(l))) {
        throw new PyError('RuntimeError', `einsum(): output subscript ${l} does not appear in the equation for any input operand`);
      }
    }
  }
  items = items.map(dedupe);
  const neededLater = (from: number, l: string): boolean => out.includes(l) || items.slice(from).some((it) => it.labels.includes(l));
  items = items.map((it, i) => sumOut(it, (l) => out.includes(l) || items.some((o, j) => j !== i && o.labels.includes(l))));
  let acc = items[0];
  for (let i = 1; i < items.length; i++) acc = contract(acc, items[i], (l) => neededLater(i + 1, l));
  acc = sumOut(acc, (l) => out.includes(l));
  return K.permute(acc.t, out.map((l) => acc.labels.indexOf(l)));
}
