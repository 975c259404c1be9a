// Command-line parsing on node's own util.parseArgs (no dependency needed for this small surface).
import { parseArgs } from 'node:util';

export class UsageError extends Error {}

export const USAGE = `usage:
  loss-lens run FILE [--line N] [--steps N] [--seed S] [--set NAME=VALUE]... [--backend wasm|cpu|node]
                     [--json] [--csv OUT] [--png OUT] [--keep-going] [--dump-init] [--memory MB]
                     [--engine builtin|pytorch|tfjs] [--python PATH]
  loss-lens stats FILE [--line N] [--seed S] [--json] [--memory MB]
  loss-lens probe FILE [--line N] [--seed S] [--json] [--memory MB]
  loss-lens demo [--out DIR] [--backend wasm|cpu|node]

Snippets run in their own process, with a memory budget of --memory MB (default 4096): the process's heap
cap, and the most one tensor may take (PyTorch's allocator error past it). --engine pytorch runs the file
with your own Python and PyTorch (--python, else python3/python on PATH); .js/.ts files run on TensorFlow.js.
exit codes: 0 done or diverged, 1 snippet error (or its process died), 2 usage error, 130/143 stopped by SIGINT/SIGTERM`;

export interface CliOptions {
  command: 'run' | 'stats' | 'probe' | 'demo' | 'help';
  file?: string;
  line?: number;
  steps?: number;
  seed?: number;
  overrides: Record<string, string>;
  backend: 'auto' | 'node' | 'wasm' | 'cpu';
  json: boolean;
  csv?: string;
  png?: string;
  out?: string;
  keepGoing: boolean;
  dumpInit: boolean;
  /** The run's memory budget, MB: heap cap of the snippet's process and the largest tensor. */
  memoryMb?: number;
  /** `run` only; default from the file: tfjs for .js/.mjs/.cjs/.ts/.mts/.tsx, else builtin. */
  engine: 'builtin' | 'pytorch' | 'tfjs';
  python?: string;
}

function intOption(name: string, v: string | undefined, min: number): number | undefined {
  if (v === undefined) return undefined;
  if (!/^-?\d+$/.test(v) || Number(v) < min) throw new UsageError(`--${name} expects an integer >= ${min}, got '${v}'`);
  return Number(v);
}

export function parseCli(argv: string[]): CliOptions {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        line: { type: 'string' }, steps: { type: 'string' }, seed: { type: 'string' },
        set: { type: 'string', multiple: true }, backend: { type: 'string' }, json: { type: 'boolean' },
        csv: { type: 'string' }, png: { type: 'string' }, out: { type: 'string' },
        'keep-going': { type: 'boolean' }, memory: { type: 'string' }, engine: { type: 'string' }, python: { type: 'string' }, 'dump-init': { type: 'boolean' }, help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  const { values: v, positionals } = parsed;
  const [command, file, ...extra] = positionals;
  if (v.help || command === undefined || command === 'help') return { command: 'help', overrides: {}, backend: 'auto', json: false, keepGoing: false, dumpInit: false, engine: 'builtin' };
  if (!['run', 'stats', 'probe', 'demo'].includes(command)) throw new UsageError(`unknown command '${command}'`);
  if (command !== 'demo' && !file) throw new UsageError(`${command}: missing FILE`);
  if (extra.length) throw new UsageError(`unexpected argument '${extra[0]}'`);
  const backend = (v.backend ?? 'auto') as CliOptions['backend'];
  if (!['auto', 'node', 'wasm', 'cpu'].includes(backend)) throw new UsageError(`--backend must be wasm, cpu or node, got '${v.backend}'`);
  const engine = (v.engine ?? (file && /\.(m|c)?[jt]sx?$/.test(file) ? 'tfjs' : 'builtin')) as CliOptions['engine'];
  if (!['builtin', 'pytorch', 'tfjs'].includes(engine)) throw new UsageError(`--engine must be builtin, pytorch or tfjs, got '${v.engine}'`);
  if (engine === 'pytorch' && command !== 'run') throw new UsageError(`--engine ${engine}: only \`run\` supports it`);
  const overrides: Record<string, string> = {};
  for (const s of v.set ?? []) {
    const m = /^([A-Za-z_][A-Za-z0-9_]*)=(.+)$/s.exec(s);
    if (!m) throw new UsageError(`--set expects NAME=VALUE, got '${s}'`);
    overrides[m[1]] = m[2];
  }
  return {
    command: command as CliOptions['command'], file, overrides, backend, engine, python: v.python,
    line: intOption('line', v.line, 1), steps: intOption('steps', v.steps, 0), seed: intOption('seed', v.seed, 0),
    json: !!v.json, csv: v.csv, png: v.png, out: v.out, keepGoing: !!v['keep-going'], dumpInit: !!v['dump-init'],
    memoryMb: intOption('memory', v.memory, 16),
  };
}
