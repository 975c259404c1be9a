// When the "■ Stop" lens gives way to "▶ Run & plot". VS Code re-asks a provider at least 250 ms after
// onDidChangeCodeLenses (its debounce grows with how long the provider took, and every new event restarts it), so
// a refresh fired only at the run's end showed the old lens for 250 ms to seconds. A stop therefore refreshes as
// it is asked for: the debounce runs while the run ends, and the provider awaits that end (bounded) so the refresh
// shows it. The end itself then refreshes only when that stop's refresh has already been served. No `vscode`.

/** What the refresh needs of a run: RunEntry has these. */
export interface StoppableRun { readonly id: string; readonly ended: boolean; readonly done: Promise<unknown> }

export class StopRefresh {
  /** Runs whose stop fired a refresh that no provider call has served yet. */
  private readonly pending = new Set<string>();

  constructor(private readonly fire: () => void, private readonly maxWaitMs = 1000) {}

  /** A stop was asked for (any control: lens, panel, status bar, keybinding, palette). */
  stopRequested(runs: readonly StoppableRun[]): void {
    for (const r of runs) this.pending.add(r.id);
    this.fire();
  }

  /** A run started: its loop shows "■ Stop". */
  started(): void { this.fire(); }

  /** A run ended: refresh, unless its stop's refresh is still to come (it will show the end; a second event would restart the debounce). */
  ended(run: StoppableRun): void {
    if (this.pending.delete(run.id)) return;
    this.fire();
  }

  /** Called by the provider before it renders a running loop: a run being stopped is awaited, so this refresh shows its end. */
  async settle(run: StoppableRun, cancelled: () => boolean = () => false): Promise<void> {
    if (run.ended || !this.pending.has(run.id)) return;
    let timer: NodeJS.Timeout | undefined;
    let poll: NodeJS.Timeout | undefined;
    await Promise.race([
      run.done,
      new Promise<void>((r) => { timer = setTimeout(r, this.maxWaitMs); }),
      new Promise<void>((r) => { poll = setInterval(() => { if (cancelled()) r(); }, 20); }),
    ]);
    clearTimeout(timer); clearInterval(poll);
    // Not over within the wait (a slow engine): this refresh showed "■ Stop", so the end must refresh again.
    if (!run.ended) this.pending.delete(run.id);
  }

  /** Whether a stop of this run is waiting for its refresh (tests). */
  isPending(id: string): boolean { return this.pending.has(id); }
}
