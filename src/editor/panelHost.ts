// The slice of the panel (src/editor/panel.ts, the panel engineer's) that run features use. Declared here so
// this area builds on its own; panel.ts's PanelHost satisfies it structurally.
import type * as vscode from 'vscode';
import type { RunRecord } from '../run/record';

export interface RunMeta {
  id: string;
  label: string;
  file?: string;
  line?: number;
  lr?: number;
  seed?: number;
  backend?: string;
  init?: string;
  sweepId?: string;
  verdict?: string;
}

export type PanelRequest =
  | { type: 'rerun'; runId: string; lr?: number }
  | { type: 'stop'; runId?: string }
  | { type: 'sweep'; runId: string }
  | { type: 'clear' }
  | { type: 'export'; format: string };

export interface PanelHost {
  show(preserveFocus?: boolean): void;
  addRun(meta: RunMeta): void;
  appendRecords(runId: string, records: RunRecord[]): void;
  readonly onDidRequest: vscode.Event<PanelRequest>;
  clearRuns(): void;
  removeRun(id: string): void;
  exportData(format: 'csv' | 'json'): string;
}
