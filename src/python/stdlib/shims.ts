// Inert stand-ins for tqdm and matplotlib, so tutorials that show progress bars or end in plots still run.
import { HOST, HostFunction, HostModule, type HostObject, type PyValue } from '../host';
import { pyErr } from '../objects';
import { RANGE, call, iterate } from '../runtime';
import { str } from '../format';
import { len } from '../containers';
import { toInt } from '../builtins';

/**
 * tqdm (also tqdm.auto / tqdm.notebook): progress bars go to stderr in Python, so for a snippet's output they
 * are the identity on the iterable. set_description/set_postfix/update/close/refresh are accepted and do nothing;
 * `with tqdm(total=n) as bar:` works; tqdm.write prints.
 */
class ProgressBar implements HostObject {
  readonly [HOST] = true as const;
  n = 0;
  constructor(private readonly iterable: PyValue, private readonly total: PyValue) {}
  pyTypeName(): string { return 'tqdm'; }
  iter(): Iterable<PyValue> {
    if (this.iterable === null) throw pyErr('TypeError', "'NoneType' object is not iterable");
    return iterate(this.iterable);
  }
  len(): number { return this.iterable !== null ? len(this.iterable) : Number(toInt(this.total ?? 0n)); }
  enter(): PyValue { return this; }
  exit(): boolean { return false; }
  repr(): string { return `<tqdm n=${this.n}>`; }
  getAttr(name: string): PyValue | undefined {
    if (name === 'n') return BigInt(this.n);
    if (name === 'total') return this.total;
    if (name === 'update') return new HostFunction('update', (a) => { this.n += a[0] === undefined ? 1 : Number(toInt(a[0])); return null; });
    if (['set_description', 'set_postfix', 'set_description_str', 'set_postfix_str', 'close', 'refresh', 'reset', 'clear'].includes(name)) {
      return new HostFunction(name, () => null);
    }
    return undefined;
  }
}

export function makeTqdm(name: string, print: (text: string) => void): HostModule {
  const tqdm = new HostFunction('tqdm', (a, k) => new ProgressBar(a[0] ?? k.get('iterable') ?? null, k.get('total') ?? null));
  const attrs = new Map<string, PyValue>([
    ['tqdm', tqdm],
    ['trange', new HostFunction('trange', (a) => new ProgressBar(call(RANGE, a), null))],
    ['write', new HostFunction('write', (a) => { print(`${a.map((x) => str(x)).join(' ')}\n`); return null; })],
  ]);
  return new HostModule(name, attrs);
}

/**
 * matplotlib / matplotlib.pyplot: Loss Lens draws the loss and gradient charts itself, so plotting calls at the
 * end of a tutorial (plt.plot(losses); plt.show()) are accepted and ignored instead of failing the whole run at
 * the import. Every attribute and call returns the same inert object; `fig, ax = plt.subplots()` unpacks to two.
 */
class InertPlot implements HostObject {
  readonly [HOST] = true as const;
  constructor(private readonly name: string) {}
  pyTypeName(): string { return 'matplotlib object'; }
  getAttr(): PyValue { return this; }
  setAttr(): boolean { return true; }
  call(): PyValue { return this; }
  getItem(): PyValue { return this; }
  setItem(): void { /* ignored */ }
  iter(): Iterable<PyValue> { return [this, this]; }
  len(): number { return 2; }
  enter(): PyValue { return this; }
  exit(): boolean { return false; }
  repr(): string { return `<${this.name} (ignored by Loss Lens)>`; }
}

export function makeMatplotlib(name: string, warn: (text: string) => void): HostModule {
  warn('Warning: matplotlib calls are ignored: Loss Lens draws the loss and gradient charts itself.\n');
  const inert = new InertPlot(name);
  class Inert extends HostModule {
    override getAttr(attr: string): PyValue | undefined { return super.getAttr(attr) ?? inert; }
  }
  return new Inert(name, new Map<string, PyValue>([['pyplot', inert], ['use', inert]]));
}
