// When "■ Stop" gives way to "▶ Run & plot" again. VS Code re-asks a lens provider at least 250 ms after
// onDidChangeCodeLenses (375 ms flat for an extension under development; the debounce grows with how long the
// provider took, every new event restarts it, and a new provider call cancels the one in flight). A refresh fired
// at the run's end therefore showed the old lens for ≥ 250 ms. So while a document has a running loop the provider
// long-polls: every call re-arms the next refresh, and a call that would only repeat what the editor already shows
// is held until the run starts or ends (or the next call replaces it). At the end a call is already in flight and
// answers at once. Held calls are cancelled by their successor, so their wait never counts as provider time.
// Callers cannot be told apart (split editors, `vscode.executeCodeLensProvider`), so a call is held only once the
// document's lenses have been the same for a while: every editor has been answered since the last change.
// Cost: while a run runs, the provider is asked every ~250 ms for that editor, and other extensions' lenses in the
// same file refresh only when ours do. No `vscode` here.

/** The part of a CancellationToken the hold needs. */
export interface HoldToken {
  readonly isCancellationRequested: boolean;
  onCancellationRequested?(listener: () => void): { dispose(): void };
}

export class LensRefresh {
  /** Per document: the running runs' ids its provider calls last saw ('' when idle), and since when. */
  private readonly seen = new Map<string, { signature: string; since: number }>();
  /** Held calls: their document, and how to wake them. */
  private readonly waiters = new Map<() => void, string>();
  /** Per document: until when calls wait after a held call answered a change (see changed()). */
  private readonly quietUntil = new Map<string, number>();
  private armed = false;
  /** Provider calls being held now (tests, bench). */
  holding = 0;

  /**
   * `holdMs` bounds a hold when no successor call comes (the editor lost focus as it was scheduled); `stableMs`:
   * how long lenses stay unchanged before calls are held (longer than the workbench's debounce, so that every
   * editor showing the document has had its answer).
   */
  constructor(private readonly fire: () => void, private readonly holdMs = 1000, private readonly stableMs = 1000,
    private readonly quietMs = 500) {}

  /**
   * A run of `doc` started or ended: held calls answer now. Editors of `doc` are asked to refresh only when none
   * of its calls was held: a fresh answer would restart VS Code's resolve pass, which draws the held call's titles.
   */
  changed(doc: string): void {
    let answered = false;
    for (const [w, d] of [...this.waiters]) { answered ||= d === doc; w(); }
    if (!answered) this.fire();
    // The held call's successor is already scheduled; answered now, it would restart the resolve pass that is about
    // to draw the change. It waits until that pass has run (≥ 250 ms after the answer, 375 ms in development).
    else this.quietUntil.set(doc, Date.now() + this.quietMs);
  }

  /**
   * Called by provideCodeLenses with the document's running-run signature. Resolves when the call should render:
   * at once when the lenses changed lately, else (a run still running, nothing new to show) after the hold.
   */
  async settle(doc: string, signature: string, token: HoldToken): Promise<void> {
    const now = Date.now();
    const last = this.seen.get(doc);
    if (last?.signature !== signature) this.seen.set(doc, { signature, since: now });
    const quiet = (this.quietUntil.get(doc) ?? 0) - now;
    if (quiet > 0) await this.wait(quiet, token);
    else this.quietUntil.delete(doc);
    if (signature === '') return;
    this.rearm();
    if (!last || last.signature !== signature || now - last.since < this.stableMs || token.isCancellationRequested) return;
    this.holding++;
    let timedOut = false;
    try { timedOut = await this.wait(this.holdMs, token, doc); } finally { this.holding--; }
    // No successor took over within the hold: ask again so a call stays in flight.
    if (timedOut && !token.isCancellationRequested) this.rearm();
  }

  /** `doc` was closed: nothing about it is kept. */
  forget(doc: string): void {
    this.seen.delete(doc);
    this.quietUntil.delete(doc);
  }

  /** Documents whose calls are remembered (tests). */
  get remembered(): number { return this.seen.size; }

  /** Resolves after `ms` (true), on cancellation, or (when `doc` is given) when changed() wakes it. */
  private wait(ms: number, token: HoldToken, doc?: string): Promise<boolean> {
    return new Promise<boolean>((resolve) => {
      const done = (timedOut: boolean) => { clearTimeout(timer); sub?.dispose(); this.waiters.delete(wake); resolve(timedOut); };
      const wake = () => done(false);
      const timer = setTimeout(() => done(true), ms);
      const sub = token.onCancellationRequested?.(wake);
      if (doc !== undefined) this.waiters.set(wake, doc);
    });
  }

  /** Fires once per turn of the event loop however many calls arrive together (split editors). */
  private rearm(): void {
    if (this.armed) return;
    this.armed = true;
    setImmediate(() => { this.armed = false; this.fire(); });
  }
}
