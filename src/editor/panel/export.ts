// CSV / JSON export of every record of the runs (no decimation), read back from each run's on-disk log and produced
// in chunks, so a long run's export is written as it is read instead of held whole in memory. Quoting
// and number text are src/protocol/csv.ts's, shared with the CLI. JSON is the run records themselves (what
// `loss-lens run --json` prints); CSV is long form (one row per run × step × parameter), the shape pandas, R and
// spreadsheets pivot from.
import { decodeNumber, nonFiniteReplacer } from '../../protocol/nonfinite';
import { csvField, formatNumber } from '../../protocol/csv';
import type { RunRecord } from '../../protocol/record';
import type { HostRun } from './hostStore';

export { csvField, formatNumber };

export const CSV_COLUMNS = ['run', 'file', 'line', 'engine', 'backend', 'lr', 'seed', 'step', 'loss', 'param', 'grad_norm', 'weight_norm', 'update_ratio'] as const;

/** Run names for the `run` column: the label, made unique with the id when two runs share one. */
export function runNames(runs: HostRun[]): Map<string, string> {
  const count = new Map<string, number>();
  for (const r of runs) count.set(r.meta.label, (count.get(r.meta.label) ?? 0) + 1);
  return new Map(runs.map((r) => [r.meta.id, count.get(r.meta.label)! > 1 ? `${r.meta.label} [${r.meta.id}]` : r.meta.label]));
}

/**
 * Long form: run, file, line, engine, backend, lr, seed, step, loss, param, grad_norm, weight_norm,
 * update_ratio. A step without parameters is one row with the parameter fields empty. update_ratio is empty
 * where the recorder had none (a parameter's first step: no update yet), never NaN.
 */
export async function* csvChunks(runs: HostRun[]): AsyncGenerator<string> {
  const names = runNames(runs);
  let lines = [CSV_COLUMNS.join(',')];
  for (const r of runs) {
    const m = r.meta, s = r.status;
    const prefix = [names.get(m.id), m.file ?? s.file, m.line ?? s.line, s.engine, m.backend ?? s.backend, m.lr ?? s.lr, m.seed ?? s.seed].map(csvField).join(',') + ',';
    const fields = new Map<string, string>();
    for await (const rec of r.log.records()) {
      if (rec.type !== 'step') continue;
      const head = prefix + formatNumber(rec.step) + ',' + formatNumber(decodeNumber(rec.loss)) + ',';
      let any = false;
      for (const [name, p] of Object.entries(rec.params)) {
        any = true;
        let field = fields.get(name);
        if (field === undefined) fields.set(name, field = csvField(name));
        const ratio = p.update_ratio === null ? '' : formatNumber(decodeNumber(p.update_ratio));
        lines.push(`${head}${field},${formatNumber(decodeNumber(p.grad_norm))},${formatNumber(decodeNumber(p.weight_norm))},${ratio}`);
      }
      if (!any) lines.push(head + ',,,');
      if (lines.length >= CHUNK_LINES) { yield lines.join('\r\n') + '\r\n'; lines = []; }
    }
  }
  if (lines.length) yield lines.join('\r\n') + '\r\n';
}

/** Lines per CSV chunk: big enough that writes stay few, small enough that memory stays flat. */
const CHUNK_LINES = 4096;

export function toCsv(runs: HostRun[]): Promise<string> { return joined(csvChunks(runs)); }

async function joined(chunks: AsyncIterable<string>): Promise<string> {
  const parts: string[] = [];
  for await (const c of chunks) parts.push(c);
  return parts.join('');
}

/** The run's record stream as the engine emitted it: start, steps, prints, error and end in their order. */
export async function runRecords(run: HostRun): Promise<RunRecord[]> {
  const out: RunRecord[] = [];
  for await (const r of run.log.records()) out.push(r);
  return out;
}

/**
 * JSON: per run its panel facts (label, sweep, verdict, diagnosis) and its records; non-finite numbers as strings.
 * The log's lines are already that JSON, so they are spliced in as they are, not parsed and re-serialised.
 */
export async function* jsonChunks(runs: HostRun[]): AsyncGenerator<string> {
  yield '{"version":2,"runs":[';
  for (let i = 0; i < runs.length; i++) {
    const meta = JSON.stringify(runs[i].meta, nonFiniteReplacer);
    let parts: string[] = [i ? ',' : '', meta.slice(0, -1), meta === '{}' ? '' : ',', '"records":['];
    let first = true;
    for await (const line of runs[i].log.lines()) {
      parts.push(first ? line : ',' + line);
      first = false;
      if (parts.length >= CHUNK_LINES) { yield parts.join(''); parts = []; }
    }
    parts.push(']}');
    yield parts.join('');
  }
  yield ']}';
}

export function toJson(runs: HostRun[]): Promise<string> { return joined(jsonChunks(runs)); }
