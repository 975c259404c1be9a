// A minimal WebAssembly emitter for the few kernels the engine writes itself (convWgrad.ts): functions of i32
// parameters over the tfjs wasm backend's own memory (imported, so tensors are read and written in place), with
// the handful of integer, bulk-memory and f32x4 instructions they need. No toolchain at build or run time.

export const I32 = 0x7f;
export const V128 = 0x7b;

function uleb(n: number): number[] {
  const out: number[] = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n) b |= 0x80;
    out.push(b);
  } while (n);
  return out;
}

function sleb(n: number): number[] {
  const out: number[] = [];
  for (;;) {
    const b = n & 0x7f;
    n >>= 7;
    if ((n === 0 && (b & 0x40) === 0) || (n === -1 && (b & 0x40) !== 0)) { out.push(b); return out; }
    out.push(b | 0x80);
  }
}

const vec = (items: number[][]): number[] => [...uleb(items.length), ...items.flat()];
const str = (s: string): number[] => [...uleb(s.length), ...[...s].map((ch) => ch.charCodeAt(0))];
const section = (id: number, body: number[]): number[] => [id, ...uleb(body.length), ...body];

/** One function body under construction: instructions appended in order (a stack machine, as the text format). */
export class Body {
  readonly code: number[] = [];
  private readonly locals: number[] = [];

  constructor(readonly params: number) {}

  /** A new local of `type` (after the parameters); returns its index. */
  local(type: number): number {
    this.locals.push(type);
    return this.params + this.locals.length - 1;
  }

  private op(...bytes: number[]): this { this.code.push(...bytes); return this; }
  get(i: number): this { return this.op(0x20, ...uleb(i)); }
  set(i: number): this { return this.op(0x21, ...uleb(i)); }
  tee(i: number): this { return this.op(0x22, ...uleb(i)); }
  i32(n: number): this { return this.op(0x41, ...sleb(n | 0)); }
  add(): this { return this.op(0x6a); }
  mul(): this { return this.op(0x6c); }
  ltU(): this { return this.op(0x49); }
  gtU(): this { return this.op(0x4b); }
  /** select: the first of two values when the i32 on top is nonzero, else the second. */
  select(): this { return this.op(0x1b); }
  /** i32.load / i32.store (4-byte aligned address + constant offset). */
  load(offset = 0): this { return this.op(0x28, 2, ...uleb(offset)); }
  store(offset = 0): this { return this.op(0x36, 2, ...uleb(offset)); }
  vload(offset = 0): this { return this.op(0xfd, 0x00, 4, ...uleb(offset)); }
  vstore(offset = 0): this { return this.op(0xfd, 0x0b, 4, ...uleb(offset)); }
  /** v128.load32_splat: one f32 into all four lanes. */
  splat(offset = 0): this { return this.op(0xfd, 0x09, 2, ...uleb(offset)); }
  /** i8x16.shuffle of the two vectors on the stack by 16 byte lanes (0–15 first, 16–31 second). */
  shuffle(lanes: number[]): this { return this.op(0xfd, 0x0d, ...lanes); }
  /** v128.const 0 */
  vzero(): this { return this.op(0xfd, 0x0c, ...new Array<number>(16).fill(0)); }
  f4add(): this { return this.op(0xfd, ...uleb(228)); }
  f4mul(): this { return this.op(0xfd, ...uleb(230)); }
  /** memory.fill (dest, byte value, length on the stack). */
  fill(): this { return this.op(0xfc, 0x0b, 0x00); }

  /** local[i] += step (a constant or, with `fromLocal`, another local). */
  inc(i: number, step: number, fromLocal = false): this {
    this.get(i);
    if (fromLocal) this.get(step); else this.i32(step);
    return this.add().set(i);
  }

  /**
   * for (local[i] = 0; …; local[i] += step) while local[i] < local[limit] (unsigned): a do-while, so the caller
   * guarantees at least one iteration.
   */
  count(i: number, limit: number, step: number, body: () => void): this {
    this.i32(0).set(i);
    this.op(0x03, 0x40);
    body();
    this.inc(i, step).get(i).get(limit).ltU().op(0x0d, 0);
    return this.op(0x0b);
  }

  /** if (i32 on the stack) then … else … */
  ifElse(then: () => void, otherwise: () => void): this {
    this.op(0x04, 0x40);
    then();
    this.op(0x05);
    otherwise();
    return this.op(0x0b);
  }

  encode(): number[] {
    const groups: number[][] = this.locals.map((t) => [1, t]);
    const bytes = [...vec(groups), ...this.code, 0x0b];
    return [...uleb(bytes.length), ...bytes];
  }
}

/** A module importing env.memory (unshared, growable) and exporting `fns` (each a function of i32 params, no result). */
export function buildModule(fns: { name: string; body: Body }[]): Uint8Array<ArrayBuffer> {
  const types = fns.map((f) => [0x60, ...vec(Array.from({ length: f.body.params }, () => [I32])), 0]);
  const bytes = [
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, vec(types)),
    ...section(2, vec([[...str('env'), ...str('memory'), 0x02, 0x00, 0x01]])),
    ...section(3, vec(fns.map((_, i) => uleb(i)))),
    ...section(7, vec(fns.map((f, i) => [...str(f.name), 0x00, ...uleb(i)]))),
    ...section(10, vec(fns.map((f) => f.body.encode()))),
  ];
  return new Uint8Array(bytes);
}
