// Finds and checks the user's Python for the PyTorch engine: one run of a tiny probe script per interpreter path
// (cached), giving its version, torch's version and the accelerators torch sees. Errors say what to do next.
import { execFile } from 'node:child_process';

export interface PythonInfo {
  /** What was asked for: a path or a command name on PATH (`python3`). */
  requested: string;
  /** sys.executable: the interpreter the harness is started with. */
  executable: string;
  /** "3.11.2" */
  python: string;
  /** torch.__version__, or null when `import torch` fails. */
  torch: string | null;
  /** Why `import torch` failed ("No module named 'torch'"). */
  torchError?: string;
  cuda: boolean;
  mps: boolean;
}

export type PythonEnvProblem = 'not-found' | 'no-torch' | 'too-old' | 'probe-failed';

export class PythonEnvError extends Error {
  constructor(readonly problem: PythonEnvProblem, message: string, readonly info?: PythonInfo) {
    super(message);
    this.name = 'PythonEnvError';
  }
}

/** The setting users change to pick another interpreter (named in every fix). */
export const PYTHON_SETTING = 'lossLens.pythonPath';
export const MIN_PYTHON: readonly [number, number] = [3, 8];

// Prints one JSON line; never fails on a missing torch (that is an answer, not an error).
const PROBE = `
import json, sys
out = {"executable": sys.executable, "python": "%d.%d.%d" % sys.version_info[:3], "torch": None, "cuda": False, "mps": False}
try:
    import torch
    out["torch"] = torch.__version__
    out["cuda"] = bool(torch.cuda.is_available())
    mps = getattr(torch.backends, "mps", None)
    out["mps"] = bool(mps is not None and mps.is_available())
except Exception as e:
    out["torchError"] = str(e) or type(e).__name__
sys.stdout.write("\\n" + json.dumps(out) + "\\n")
`;

const cache = new Map<string, Promise<PythonInfo>>();

/** Runs the probe with `python` (a path or a command on PATH). Cached per string; a failed probe is not cached. */
export function inspectPython(python: string, timeoutMs = 60_000): Promise<PythonInfo> {
  let p = cache.get(python);
  if (!p) {
    p = probe(python, timeoutMs);
    cache.set(python, p);
    p.catch(() => cache.delete(python));
  }
  return p;
}

export function clearPythonCache(): void { cache.clear(); }

function probe(python: string, timeoutMs: number): Promise<PythonInfo> {
  return new Promise((resolve, reject) => {
    execFile(python, ['-c', PROBE], { timeout: timeoutMs, windowsHide: true, maxBuffer: 1 << 20 }, (err, stdout, stderr) => {
      const code = (err as NodeJS.ErrnoException | null)?.code;
      if (code === 'ENOENT' || code === 'EACCES') {
        reject(new PythonEnvError('not-found', `No Python interpreter at '${python}' (${code}): install Python 3 or set ${PYTHON_SETTING}`));
        return;
      }
      // The last line is ours: a sitecustomize or a banner may print before it.
      const last = stdout.trim().split('\n').pop() ?? '';
      let parsed: Omit<PythonInfo, 'requested'> | undefined;
      try { parsed = JSON.parse(last); } catch { parsed = undefined; }
      if (err || !parsed) {
        const why = (stderr.trim().split('\n').pop() ?? '') || (err?.message ?? 'no output');
        reject(new PythonEnvError('probe-failed', `'${python}' did not run as a Python 3 interpreter: ${why} — set ${PYTHON_SETTING} to a Python ≥ ${MIN_PYTHON.join('.')}`));
        return;
      }
      resolve({ requested: python, ...parsed });
    });
  });
}

/** Throws the error a user sees when this interpreter cannot run the PyTorch engine. */
export function checkUsable(info: PythonInfo): void {
  const [major, minor] = info.python.split('.').map(Number);
  if (major < MIN_PYTHON[0] || (major === MIN_PYTHON[0] && minor < MIN_PYTHON[1])) {
    throw new PythonEnvError('too-old', `Python ${info.python} at ${info.executable} is too old: Loss Lens needs Python ≥ ${MIN_PYTHON.join('.')} — set ${PYTHON_SETTING}`, info);
  }
  if (info.torch === null) {
    throw new PythonEnvError('no-torch', `${info.torchError ?? "No module named 'torch'"} in ${info.executable} — install PyTorch (pip install torch) or set ${PYTHON_SETTING}`, info);
  }
}

/** Candidates when no path is configured: the names a shell would resolve. */
export function defaultPythonCommands(platform = process.platform): string[] {
  return platform === 'win32' ? ['python', 'py', 'python3'] : ['python3', 'python'];
}

/**
 * The interpreter to run with: `configured` when given (its problems are reported as they are), else the first
 * command on PATH whose Python has torch. When none has it, the first found interpreter's problem is reported.
 */
export async function resolvePython(configured?: string): Promise<PythonInfo> {
  if (configured) {
    const info = await inspectPython(configured);
    checkUsable(info);
    return info;
  }
  let first: PythonEnvError | undefined;
  for (const cmd of defaultPythonCommands()) {
    try {
      const info = await inspectPython(cmd);
      checkUsable(info);
      return info;
    } catch (e) {
      if (!(e instanceof PythonEnvError)) throw e;
      if (!first || (first.problem === 'not-found' && e.problem !== 'not-found')) first = e;
    }
  }
  if (first?.problem === 'not-found') {
    throw new PythonEnvError('not-found', `No Python interpreter found (tried ${defaultPythonCommands().join(', ')} on PATH): install Python 3 with PyTorch or set ${PYTHON_SETTING}`);
  }
  throw first ?? new PythonEnvError('not-found', `No Python interpreter found: set ${PYTHON_SETTING}`);
}
