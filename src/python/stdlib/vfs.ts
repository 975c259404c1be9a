// Each run's own file system, in memory: files the snippet writes live here and can be read back in the same
// run; nothing ever touches the real disk. Reads of files the run did not write may come from a read-only
// workspace provider the embedder passes in (default none).
import { PyTuple, type PyValue } from '../host';
import { PyException, makeException } from '../objects';

/** Read-only view of a folder the runner trusts (e.g. the VS Code workspace). Paths are relative to its root. */
export interface WorkspaceFiles {
  /** Absolute path the run sees as its current directory and as the provider's root, e.g. '/workspace'. */
  readonly root: string;
  readFile(relPath: string): Uint8Array | undefined;
  /** 'file', 'dir' or undefined when absent. */
  stat(relPath: string): 'file' | 'dir' | undefined;
  /** Entry names of a directory, or undefined when it is not one. */
  list(relPath: string): string[] | undefined;
}

const ERRNO: Record<string, [number, string]> = {
  FileNotFoundError: [2, 'No such file or directory'],
  FileExistsError: [17, 'File exists'],
  NotADirectoryError: [20, 'Not a directory'],
  IsADirectoryError: [21, 'Is a directory'],
  OSError: [39, 'Directory not empty'],
};

/** CPython's OSError subclasses: str(e) is "[Errno 2] No such file or directory: 'x'" and e.errno/e.filename are set. */
export function osError(type: keyof typeof ERRNO, filename: string): PyException {
  const [errno, strerror] = ERRNO[type];
  const inst = makeException(type);
  // CPython's args are (errno, strerror) and str() adds the file name; one string arg gives the same str().
  inst.dict.set('args', new PyTuple([`[Errno ${errno}] ${strerror}: '${filename}'`]));
  inst.dict.set('errno', BigInt(errno));
  inst.dict.set('strerror', strerror);
  inst.dict.set('filename', filename);
  return new PyException(inst, `[Errno ${errno}] ${strerror}: '${filename}'`);
}

/** POSIX path normalisation (os.path.normpath of an absolute path). */
export function normAbs(p: string): string {
  const out: string[] = [];
  for (const part of p.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') out.pop(); else out.push(part);
  }
  return '/' + out.join('/');
}

const MAGIC = 'PK\x03\x04losslens-object:';

export class VirtualFS {
  private readonly files = new Map<string, Uint8Array>();
  private readonly dirs = new Set<string>(['/', '/tmp']);
  /** Workspace paths the run deleted or replaced by a directory. */
  private readonly hidden = new Set<string>();
  /** Objects stored by reference (torch.save's snapshots), keyed by the id their file's bytes name. */
  readonly objects = new Map<number, PyValue>();
  private nextObjectId = 1;
  cwd: string;

  constructor(readonly workspace: WorkspaceFiles | null = null) {
    this.cwd = workspace ? normAbs(workspace.root) : '/workspace';
    for (let d = this.cwd; d !== '/'; d = d.slice(0, d.lastIndexOf('/')) || '/') this.dirs.add(d);
  }

  abs(p: string): string { return normAbs(p.startsWith('/') ? p : `${this.cwd}/${p}`); }

  private ws(abs: string): string | undefined {
    if (!this.workspace || this.hidden.has(abs)) return undefined;
    const root = normAbs(this.workspace.root);
    if (abs === root) return '.';
    return abs.startsWith(root + '/') ? abs.slice(root.length + 1) : undefined;
  }

  kind(p: string): 'file' | 'dir' | undefined {
    const a = this.abs(p);
    if (this.files.has(a)) return 'file';
    if (this.dirs.has(a)) return 'dir';
    const rel = this.ws(a);
    return rel === undefined ? undefined : this.workspace!.stat(rel);
  }

  read(p: string): Uint8Array {
    const a = this.abs(p);
    const own = this.files.get(a);
    if (own) return own;
    const k = this.kind(p);
    if (k === 'dir') throw osError('IsADirectoryError', p);
    const rel = this.ws(a);
    const data = rel === undefined ? undefined : this.workspace!.readFile(rel);
    if (!data) throw osError('FileNotFoundError', p);
    return data;
  }

  /** The bytes of a file that stands for `value`; the value lives until that file is replaced or removed. */
  storeObject(value: PyValue): Uint8Array {
    const id = this.nextObjectId++;
    this.objects.set(id, value);
    return new TextEncoder().encode(`${MAGIC}${id}\n`);
  }

  /** The value behind bytes made by storeObject, or undefined. */
  objectFor(data: Uint8Array): PyValue | undefined {
    const id = objectId(data);
    return id === undefined ? undefined : this.objects.get(id);
  }

  private release(a: string): void {
    const old = this.files.get(a);
    const id = old && objectId(old);
    if (id !== undefined) this.objects.delete(id);
  }

  write(p: string, data: Uint8Array): void {
    const a = this.abs(p);
    if (this.kind(p) === 'dir') throw osError('IsADirectoryError', p);
    if (this.kind(a.slice(0, a.lastIndexOf('/')) || '/') !== 'dir') throw osError('FileNotFoundError', p);
    if (this.files.get(a) !== data) this.release(a);
    this.files.set(a, data);
    this.hidden.delete(a);
  }

  mkdir(p: string, parents = false, existOk = false): void {
    const a = this.abs(p);
    const k = this.kind(p);
    if (k !== undefined) {
      if (existOk && k === 'dir') return;
      throw osError('FileExistsError', p);
    }
    const parent = a.slice(0, a.lastIndexOf('/')) || '/';
    if (this.kind(parent) !== 'dir') {
      if (!parents) throw osError('FileNotFoundError', p);
      this.mkdir(parent, true, true);
    }
    this.dirs.add(a);
  }

  list(p: string): string[] {
    const a = this.abs(p);
    const k = this.kind(p);
    if (k === undefined) throw osError('FileNotFoundError', p);
    if (k === 'file') throw osError('NotADirectoryError', p);
    const names = new Set<string>();
    const prefix = a === '/' ? '/' : a + '/';
    for (const x of [...this.files.keys(), ...this.dirs]) {
      if (x.startsWith(prefix) && x.length > prefix.length) names.add(x.slice(prefix.length).split('/')[0]);
    }
    const rel = this.ws(a);
    for (const n of (rel !== undefined ? this.workspace!.list(rel) : undefined) ?? []) {
      if (!this.hidden.has(prefix + n)) names.add(n);
    }
    return [...names];
  }

  remove(p: string): void {
    const a = this.abs(p);
    const k = this.kind(p);
    if (k === undefined) throw osError('FileNotFoundError', p);
    if (k === 'dir') throw osError('IsADirectoryError', p);
    this.release(a);
    this.files.delete(a);
    if (this.ws(a) !== undefined) this.hidden.add(a);
  }

  rmdir(p: string): void {
    const a = this.abs(p);
    const k = this.kind(p);
    if (k === undefined) throw osError('FileNotFoundError', p);
    if (k === 'file') throw osError('NotADirectoryError', p);
    if (this.list(p).length) throw osError('OSError', p);
    this.dirs.delete(a);
    if (this.ws(a) !== undefined) this.hidden.add(a);
  }

  rename(src: string, dst: string): void {
    const a = this.abs(src);
    const data = this.read(src);
    this.write(dst, data);
    this.files.delete(a); // the stored object moves with its bytes
    if (this.ws(a) !== undefined) this.hidden.add(a);
  }
}

function objectId(data: Uint8Array): number | undefined {
  if (data.length > 64 || data[0] !== 0x50) return undefined;
  const head = new TextDecoder().decode(data);
  if (!head.startsWith(MAGIC)) return undefined;
  const id = Number(head.slice(MAGIC.length).trim());
  return Number.isInteger(id) ? id : undefined;
}
