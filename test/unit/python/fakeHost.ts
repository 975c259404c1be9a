// A tiny tensor-like HostObject for protocol tests: records what the interpreter asks of it.
import {
  HOST, HostFunction, HostModule, NotImplemented, PyError, PySlice, PyTuple, Ellipsis,
  type BinaryOp, type HostObject, type PyValue,
} from '../../../src/python/index';

export const calls: string[] = [];

function describeKey(k: PyValue): string {
  if (k instanceof PySlice) return `slice(${String(k.start)},${String(k.stop)},${String(k.step)})`;
  if (k instanceof PyTuple) return `tuple(${k.items.map(describeKey).join(',')})`;
  if (k === Ellipsis) return '...';
  return String(k);
}

export class FakeTensor implements HostObject {
  readonly [HOST] = true as const;
  grad: FakeTensor | null = null;
  constructor(public data: number[]) {}
  pyTypeName(): string { return 'Tensor'; }
  getAttr(name: string): PyValue | undefined {
    switch (name) {
      case 'grad': return this.grad;
      case 'data': return this;
      case 'shape': return new PyTuple([BigInt(this.data.length)]);
      case 'sum': return new HostFunction('sum', () => new FakeTensor([this.data.reduce((a, b) => a + b, 0)]));
      case 'item': return new HostFunction('item', () => this.toFloat());
      case 'clamp': return new HostFunction('clamp', (args, kw) => {
        calls.push(`clamp args=${args.length} kw=${[...kw.keys()].join(',')}`);
        const lo = Number(kw.get('min') ?? -Infinity);
        const hi = Number(kw.get('max') ?? Infinity);
        return new FakeTensor(this.data.map((v) => Math.min(hi, Math.max(lo, v))));
      });
      case 'fail': return new HostFunction('fail', () => { throw new PyError('RuntimeError', 'mat1 and mat2 shapes cannot be multiplied (2x3 and 4x5)'); });
      default: return undefined;
    }
  }
  setAttr(name: string, value: PyValue): boolean {
    if (name === 'grad') { this.grad = value as FakeTensor | null; return true; }
    // Python writes the attribute back after `p.data -= ...` (same object): accept it, as torch does.
    if (name === 'data' && value instanceof FakeTensor) { calls.push(`set data${value === this ? ' (same)' : ''}`); this.data = value.data; return true; }
    return false;
  }
  private other(o: PyValue): number[] | null {
    if (o instanceof FakeTensor) return o.data;
    if (typeof o === 'number' || typeof o === 'bigint') return this.data.map(() => Number(o));
    return null;
  }
  binary(op: BinaryOp, o: PyValue, reflected: boolean): PyValue {
    const b = this.other(o);
    if (!b) return NotImplemented;
    calls.push(`binary ${op}${reflected ? ' reflected' : ''}`);
    const f = (x: number, y: number): number => {
      const [l, r] = reflected ? [y, x] : [x, y];
      switch (op) {
        case '+': return l + r;
        case '-': return l - r;
        case '*': return l * r;
        case '/': return l / r;
        case '**': return l ** r;
        default: throw new PyError('TypeError', `unsupported op ${op}`);
      }
    };
    return new FakeTensor(this.data.map((x, i) => f(x, b[i])));
  }
  inplace(op: BinaryOp, o: PyValue): PyValue {
    const b = this.other(o);
    if (!b || (op !== '-' && op !== '+')) { calls.push(`inplace ${op} declined`); return NotImplemented; }
    calls.push(`inplace ${op}`);
    this.data = this.data.map((x, i) => (op === '-' ? x - b[i] : x + b[i]));
    return this;
  }
  unary(op: '-' | '+' | '~'): PyValue { return new FakeTensor(this.data.map((x) => (op === '-' ? -x : x))); }
  getItem(key: PyValue): PyValue {
    calls.push(`getItem ${describeKey(key)}`);
    if (typeof key === 'bigint') return new FakeTensor([this.data[Number(key)]]);
    return this;
  }
  setItem(key: PyValue, value: PyValue): void {
    calls.push(`setItem ${describeKey(key)}`);
    if (typeof key === 'bigint') this.data[Number(key)] = Number(value);
  }
  len(): number { return this.data.length; }
  iter(): Iterable<PyValue> { return this.data.map((v) => new FakeTensor([v])); }
  toFloat(): number {
    if (this.data.length !== 1) throw new PyError('RuntimeError', 'a Tensor with 2 elements cannot be converted to Scalar');
    return this.data[0];
  }
  repr(): string { return `tensor([${this.data.join(', ')}])`; }
}

export class NoGrad implements HostObject {
  readonly [HOST] = true as const;
  pyTypeName(): string { return 'no_grad'; }
  enter(): PyValue { calls.push('enter'); return null; }
  exit(err: unknown): boolean { calls.push(`exit ${err ? (err as { pyType?: string }).pyType : 'ok'}`); return false; }
}

export const TensorClass = Object.assign(new HostFunction('Tensor', () => new FakeTensor([])), {
  isInstance: (v: PyValue) => v instanceof FakeTensor,
});

export function fakeModule(): HostModule {
  return new HostModule('fake', new Map<string, PyValue>([
    ['tensor', new HostFunction('tensor', (a) => new FakeTensor((a[0] as { items: PyValue[] }).items.map(Number)))],
    ['no_grad', new HostFunction('no_grad', () => new NoGrad())],
    ['Tensor', TensorClass],
  ]));
}
