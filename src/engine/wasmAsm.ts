// A minimal WebAssembly emitter for the few kernels the engine writes itself (convWasm.ts, simdHost.ts): functions
// of i32/f32 parameters over the tfjs wasm backend's own memory (imported, so tensors are read and written in
// place), with the handful of integer, bulk-memory and f32x4 instructions they need. No toolchain at build or run
// time. Two ways to write a body over the same encodings: the instructions below as byte arrays spread into one
// another (simdHost.ts), or a `Body` that appends them with structured loops (convWasm.ts).

export type Code = number[];

export const I32 = 0x7f, F32 = 0x7d, V128 = 0x7b;

export function uleb(n: number): Code {
  const out: Code = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n) b |= 0x80;
    out.push(b);
  } while (n);
  return out;
}

export function sleb(n: number): Code {
  const out: Code = [];
  for (;;) {
    const b = n & 0x7f;
    n >>= 7;
    if ((n === 0 && (b & 0x40) === 0) || (n === -1 && (b & 0x40) !== 0)) { out.push(b); return out; }
    out.push(b | 0x80);
  }
}

const vec = (items: Code[]): Code => [...uleb(items.length), ...items.flat()];
const str = (s: string): Code => [...uleb(s.length), ...Array.from(s, (ch) => ch.charCodeAt(0))];
const section = (id: number, body: Code): Code => [id, ...uleb(body.length), ...body];

// ---- instructions ----------------------------------------------------------------------------------------------

export const get = (i: number): Code => [0x20, ...uleb(i)];
export const set = (i: number): Code => [0x21, ...uleb(i)];
export const tee = (i: number): Code => [0x22, ...uleb(i)];
export const i32c = (v: number): Code => [0x41, ...sleb(v)];
export const add = [0x6a], sub = [0x6b], mul = [0x6c], shl = [0x74], and32 = [0x71], select = [0x1b];
export const ltS = [0x48], ltU = [0x49], gtU = [0x4b], geU = [0x4f];
export const block = (body: Code): Code => [0x02, 0x40, ...body, 0x0b];
export const loop = (body: Code): Code => [0x03, 0x40, ...body, 0x0b];
export const brIf = (depth: number): Code => [0x0d, ...uleb(depth)];
export const br = (depth: number): Code => [0x0c, ...uleb(depth)];
/** i32/f32 load and store (memarg: log2 alignment 2, constant offset). */
export const i32load = (offset = 0): Code => [0x28, 2, ...uleb(offset)];
export const i32store = (offset = 0): Code => [0x36, 2, ...uleb(offset)];
export const f32load = (offset = 0): Code => [0x2a, 2, ...uleb(offset)];
export const f32store = (offset = 0): Code => [0x38, 2, ...uleb(offset)];
export const f32bits = (v: number): Code => Array.from(new Uint8Array(new Float32Array([v]).buffer));
export const f32c = (v: number): Code => [0x43, ...f32bits(v)];
export const flt1 = [0x5d], fgt1 = [0x5e], fle1 = [0x5f], fge1 = [0x60];

export const simd = (op: number, ...imm: number[]): Code => [0xfd, ...uleb(op), ...imm];
/** v128.load / v128.store; `align` is only a hint (log2 bytes), kept per caller so each module's bytes stay put. */
export const vload = (offset = 0, align = 0): Code => simd(0x00, align, ...uleb(offset));
export const vstore = (offset = 0, align = 0): Code => simd(0x0b, align, ...uleb(offset));
/** v128.load32_splat: one f32 into all four lanes. */
export const vsplatLoad = (offset = 0): Code => simd(0x09, 2, ...uleb(offset));
export const vconst = (v: number): Code => simd(0x0c, ...[0, 1, 2, 3].flatMap(() => f32bits(v)));
/** f32 lanes (0–3 the first vector's, 4–7 the second's) → i8x16.shuffle of their bytes. */
export const shuffle = (lanes: number[]): Code => simd(0x0d, ...lanes.flatMap((l) => [4 * l, 4 * l + 1, 4 * l + 2, 4 * l + 3]));
export const fsplat = simd(0x13), feq = simd(0x41), fne = simd(0x42), fgt = simd(0x44), fle = simd(0x45), fge = simd(0x46);
export const fpmin = simd(0xea), fpmax = simd(0xeb), f4add = simd(0xe4), f4mul = simd(0xe6);
export const vand = simd(0x4e), vandnot = simd(0x4f), vor = simd(0x50), bitselect = simd(0x52);
/** memory.fill (dest, byte value, length on the stack). */
export const fill = [0xfc, 0x0b, 0x00];

/** A function body's encoding: its locals (types after the parameters, one entry each) and code. */
export function encodeBody(locals: number[], code: Code): Code {
  const bytes = [...vec(locals.map((t) => [1, t])), ...code, 0x0b];
  return [...uleb(bytes.length), ...bytes];
}

/**
 * A module importing one memory (`memory`: module, field, minimum pages; unshared, growable) and exporting each of
 * `funcs` under its name: `type` indexes `types` (parameter lists; no results), `body` is from encodeBody.
 */
export function encodeModule(
  types: number[][], memory: [string, string, number], funcs: { name: string; type: number; body: Code }[],
): Uint8Array<ArrayBuffer> {
  const [mod, field, min] = memory;
  return new Uint8Array([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, vec(types.map((params) => [0x60, ...vec(params.map((p) => [p])), 0]))),
    ...section(2, vec([[...str(mod), ...str(field), 0x02, 0x00, ...uleb(min)]])),
    ...section(3, vec(funcs.map((f) => uleb(f.type)))),
    ...section(7, vec(funcs.map((f, i) => [...str(f.name), 0x00, ...uleb(i)]))),
    ...section(10, vec(funcs.map((f) => f.body))),
  ]);
}

/** One function body under construction: instructions appended in order (a stack machine, as the text format). */
export class Body {
  readonly code: Code = [];
  private readonly locals: number[] = [];

  constructor(readonly params: number) {}

  /** A new local of `type` (after the parameters); returns its index. */
  local(type: number): number {
    this.locals.push(type);
    return this.params + this.locals.length - 1;
  }

  private op(bytes: Code): this { this.code.push(...bytes); return this; }
  get(i: number): this { return this.op(get(i)); }
  set(i: number): this { return this.op(set(i)); }
  tee(i: number): this { return this.op(tee(i)); }
  i32(n: number): this { return this.op(i32c(n | 0)); }
  add(): this { return this.op(add); }
  mul(): this { return this.op(mul); }
  ltU(): this { return this.op(ltU); }
  gtU(): this { return this.op(gtU); }
  /** select: the first of two values when the i32 on top is nonzero, else the second. */
  select(): this { return this.op(select); }
  /** i32.load / i32.store (4-byte aligned address + constant offset). */
  load(offset = 0): this { return this.op(i32load(offset)); }
  store(offset = 0): this { return this.op(i32store(offset)); }
  vload(offset = 0): this { return this.op(vload(offset, 4)); }
  vstore(offset = 0): this { return this.op(vstore(offset, 4)); }
  /** v128.load32_splat: one f32 into all four lanes. */
  splat(offset = 0): this { return this.op(vsplatLoad(offset)); }
  /** The f32 lanes of the two vectors on the stack (0–3 the first's, 4–7 the second's). */
  shuffle(lanes: number[]): this { return this.op(shuffle(lanes)); }
  /** v128.const 0 */
  vzero(): this { return this.op(vconst(0)); }
  f4add(): this { return this.op(f4add); }
  f4mul(): this { return this.op(f4mul); }
  /** memory.fill (dest, byte value, length on the stack). */
  fill(): this { return this.op(fill); }

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
    this.op([0x03, 0x40]);
    body();
    this.inc(i, step).get(i).get(limit).ltU().op(brIf(0));
    return this.op([0x0b]);
  }

  /** if (i32 on the stack) then … else … */
  ifElse(then: () => void, otherwise: () => void): this {
    this.op([0x04, 0x40]);
    then();
    this.op([0x05]);
    otherwise();
    return this.op([0x0b]);
  }

  encode(): Code { return encodeBody(this.locals, this.code); }
}

/** A module importing env.memory (min 1 page) and exporting `fns`, each a function of i32 params with no result. */
export function buildModule(fns: { name: string; body: Body }[]): Uint8Array<ArrayBuffer> {
  const types = fns.map((f) => Array<number>(f.body.params).fill(I32));
  return encodeModule(types, ['env', 'memory', 1], fns.map((f, i) => ({ name: f.name, type: i, body: f.body.encode() })));
}
