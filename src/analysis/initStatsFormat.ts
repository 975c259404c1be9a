// Words and tables for init statistics: the CLI's `stats` table and the hover's Markdown share these, so the
// headline ("std 1.00 is 55× PyTorch's Linear default 0.018") reads the same everywhere. Pure (no `vscode`).
import type { InitStats, ModuleStats, SchemeCompare, TensorStats } from '../protocol/analysis';

/** 3 significant digits, exponent form for very small/large magnitudes. */
export function num(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  if (v === 0) return '0';
  const a = Math.abs(v);
  if (a >= 1e5 || a < 1e-3) return v.toExponential(2);
  return a >= 100 ? v.toFixed(1) : v.toPrecision(3);
}

export function ratioText(r: number): string {
  if (!Number.isFinite(r)) return String(r);
  if (r >= 1.5) return `${r >= 10 ? Math.round(r) : r.toFixed(1)}× larger than`;
  if (r <= 1 / 1.5) return `${1 / r >= 10 ? Math.round(1 / r) : (1 / r).toFixed(1)}× smaller than`;
  return 'about the same as';
}

/** "std 1.00 is 55× PyTorch's Linear default 0.018" — the one sentence a user needs from a weight's hover. */
export function headline(t: TensorStats): string | undefined {
  const linear = t.schemes?.find((s) => s.id === 'linear');
  if (!linear) return undefined;
  const r = linear.ratio;
  const rel = r >= 1.5 ? `${r >= 10 ? Math.round(r) : r.toFixed(1)}× PyTorch's Linear default`
    : r <= 1 / 1.5 ? `${1 / r >= 10 ? Math.round(1 / r) : (1 / r).toFixed(1)}× smaller than PyTorch's Linear default`
      : "about PyTorch's Linear default";
  return `std ${t.std.toFixed(t.std >= 0.1 ? 2 : 4)} is ${rel} ${linear.std.toPrecision(2)}`;
}

export function shapeText(shape: readonly number[]): string { return `(${shape.join(', ')}${shape.length === 1 ? ',' : ''})`; }

export function schemeLine(s: SchemeCompare): string {
  return `${s.label} ${s.formula} = ${num(s.std)} (yours is ${ratioText(s.ratio)} it)`;
}

export function activationText(t: TensorStats): string | undefined {
  const a = t.activation;
  if (!a) return undefined;
  return `on \`${a.data}\` (std ${num(a.data_std)}): output std ${num(a.pre_std)}, after ReLU ${num(a.relu_std)}`;
}

export function biasText(t: TensorStats): string | undefined {
  if (t.bias === undefined) return undefined;
  return t.bias === null ? 'no bias: nothing is added to its product (nn.Linear adds one)' : `bias: \`${t.bias}\``;
}

/** The plain-text table of `loss-lens stats`. */
export function statsTable(s: InitStats): string {
  const lines: string[] = [];
  lines.push(`seed ${s.seed}${s.loopLine !== undefined ? ` · setup = lines above ${s.loopLine}` : ' · whole file'} · ${s.elapsed_ms} ms`);
  if (s.error) lines.push(`setup stopped: ${s.error.type}: ${s.error.message}${s.error.line ? ` (line ${s.error.line})` : ''}`);
  const head = ['name', 'shape', 'grad', 'mean', 'std', 'min', 'max', 'histogram', 'fan_in', 'fan_out', 'Linear std'];
  const rows = s.tensors.map((t) => {
    const lin = t.schemes?.find((x) => x.id === 'linear');
    return [t.name, shapeText(t.shape), t.requires_grad ? 'yes' : '', num(t.mean), num(t.std), num(t.min), num(t.max),
      `|${t.histogram.sparkline}|`, t.fan ? String(t.fan.fan_in) : '', t.fan ? String(t.fan.fan_out) : '',
      lin ? `${num(lin.std)} (×${lin.ratio.toPrecision(3)})` : ''];
  });
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => [...r[i]].length)));
  const fmt = (r: string[]) => r.map((c, i) => c + ' '.repeat(widths[i] - [...c].length)).join('  ').trimEnd();
  lines.push(fmt(head), ...rows.map(fmt));
  const notes: string[] = [];
  for (const t of s.tensors) {
    const h = headline(t);
    const extra = [h, activationText(t), biasText(t)].filter(Boolean);
    if (extra.length) notes.push(`${t.name}: ${extra.join('; ')}`);
  }
  for (const m of s.modules) notes.push(moduleLine(m));
  if (notes.length) lines.push('', ...notes);
  return lines.join('\n');
}

export function moduleLine(m: ModuleStats): string {
  return `${m.name} (${m.cls}): ${m.params.length ? m.params.map((p) => p.slice(m.name.length + 1)).join(', ') : 'no parameters'}`;
}

// ---------------------------------------------------------------- hover Markdown

const esc = (s: string): string => s.replace(/[|\\`*_]/g, (c) => `\\${c}`);

function tensorMarkdown(t: TensorStats, title: string): string[] {
  const out: string[] = [];
  out.push(`**${esc(title)}** · tensor ${shapeText(t.shape)} · ${t.dtype} · requires_grad=${t.requires_grad ? 'True' : 'False'}`);
  const h = headline(t);
  if (h) out.push('', `**${h}**`);
  out.push('', '| mean | std | min | max |', '|---:|---:|---:|---:|', `| ${num(t.mean)} | ${num(t.std)} | ${num(t.min)} | ${num(t.max)} |`);
  out.push('', `\`${t.histogram.sparkline.replace(/ /g, '\u00a0')}\` ${num(t.histogram.lo)} … ${num(t.histogram.hi)} (${t.histogram.counts.length} bins)`);
  if (t.fan) {
    const how = t.fan.source === 'usage' ? `from \`${t.fan.how.replace(/`/g, '')}\`${t.fan.line ? ` (line ${t.fan.line})` : ''}` : t.fan.how;
    out.push('', `fan_in ${t.fan.fan_in} · fan_out ${t.fan.fan_out} — ${how}`);
  }
  if (t.schemes?.length) {
    out.push('', '| init | std | yours ÷ it |', '|---|---:|---:|');
    for (const s of t.schemes) out.push(`| ${s.label} ${s.formula} | ${num(s.std)} | ${s.ratio >= 10 ? Math.round(s.ratio) : s.ratio.toPrecision(2)}× |`);
  }
  const a = activationText(t);
  if (a) out.push('', `Activations ${a}`);
  const b = biasText(t);
  if (b) out.push('', b.charAt(0).toUpperCase() + b.slice(1));
  return out;
}

function moduleMarkdown(stats: InitStats, m: ModuleStats, title: string): string[] {
  const params = m.params.map((p) => stats.tensors.find((t) => t.name === p)).filter((t): t is TensorStats => !!t);
  const total = params.reduce((a, t) => a + t.numel, 0);
  const out = [`**${esc(title)}** · ${m.cls} · ${params.length} parameter${params.length === 1 ? '' : 's'} (${total.toLocaleString('en-US')} values)`];
  if (params.length) {
    out.push('', '| parameter | shape | std | nn.Linear default |', '|---|---|---:|---:|');
    for (const t of params) {
      const lin = t.schemes?.find((s) => s.id === 'linear');
      out.push(`| ${esc(t.name.slice(m.name.length + 1))} | ${shapeText(t.shape)} | ${num(t.std)} | ${lin ? `${num(lin.std)} (${lin.ratio.toPrecision(2)}×)` : ''} |`);
    }
  }
  const weights = params.filter((t) => t.bias !== undefined);
  const noBias = weights.filter((t) => t.bias === null).map((t) => t.name.slice(m.name.length + 1));
  if (noBias.length) out.push('', `No bias: ${noBias.map((n) => `\`${n}\``).join(', ')}`);
  if (m.children.length) {
    out.push('', `Children: ${m.children.map((c) => `${c.slice(m.name.length + 1)} (${stats.modules.find((x) => x.name === c)?.cls ?? '?'})`).join(', ')}`);
  }
  for (const t of params) {
    const act = activationText(t);
    if (act) out.push('', `${esc(t.name.slice(m.name.length + 1))}: activations ${act}`);
  }
  return out;
}

/** The hover: a tensor's or a module's statistics, with the seed and what ran. */
export function hoverMarkdown(stats: InitStats, r: { name: string; tensor?: TensorStats; module?: ModuleStats }, title = r.name): string {
  const body = r.module ? moduleMarkdown(stats, r.module, title) : r.tensor ? tensorMarkdown(r.tensor, title) : [];
  const ran = stats.loopLine !== undefined ? `setup above line ${stats.loopLine}` : 'whole file';
  body.push('', `_Loss Lens · seed ${stats.seed} · ${ran} · no training step ran_`);
  if (stats.error) body.push('', `_The setup stopped at ${stats.error.type}${stats.error.line ? ` (line ${stats.error.line})` : ''}: ${esc(stats.error.message)}_`);
  return body.join('\n');
}
