"""The record stream (JSON lines on a private fd) and the program's captured stdout/stderr."""
import contextlib
import io
import json
import math
import os
import threading

PRINT_FLUSH_CHARS = 1 << 16


class StopRun(BaseException):
    """Ends the program from inside backward() (BaseException: the program's `except Exception` must not catch it)."""

    def __init__(self, status):
        super().__init__(status)
        self.status = status


def jnum(x):
    """A float for JSON; non-finite numbers as the strings the run record uses."""
    if x is None:
        return None
    x = float(x)
    if math.isnan(x):
        return 'NaN'
    if math.isinf(x):
        return 'Infinity' if x > 0 else '-Infinity'
    return x



class RecordStream:
    """JSON lines on a private fd. Ctrl-C (SIGINT, handled in the main thread) is held back while the main thread
    writes a record or updates what the records count, so a stop never leaves half a line in the pipe nor an end
    record that disagrees with the step records before it."""

    def __init__(self, fd):
        self.fd = fd
        self.lock = threading.RLock()
        self.hold = 0  # depth of no_interrupt() in the main thread
        self.interrupt_pending = False
        self.closed = False

    @contextlib.contextmanager
    def no_interrupt(self):
        main = threading.current_thread() is threading.main_thread()
        if main:
            self.hold += 1
        try:
            yield
        finally:
            if main:
                self.hold -= 1
                if self.hold == 0 and self.interrupt_pending:
                    self.interrupt_pending = False
                    raise KeyboardInterrupt

    def on_sigint(self, signum, frame):
        if self.hold > 0:
            self.interrupt_pending = True
            return
        raise KeyboardInterrupt

    def write(self, rec):
        if self.closed:
            return
        data = (json.dumps(rec, allow_nan=False, separators=(',', ':')) + '\n').encode('ascii')
        with self.no_interrupt(), self.lock:
            try:
                view = memoryview(data)
                while view:
                    view = view[os.write(self.fd, view):]
            except OSError:
                os._exit(1)  # the engine is gone: nobody reads the run any more


class CapturedOutput(io.TextIOBase):
    """sys.stdout / sys.stderr of the program: text becomes print records (one per completed write that ends a
    line, so one per print() call; partial text goes out before any other record)."""

    def __init__(self, harness, stream_name, real):
        super().__init__()
        self.harness, self.stream_name, self.real = harness, stream_name, real
        self.pending = {}  # thread ident -> [parts, size, line of the first part]
        self.lock = threading.RLock()
        self.buffer = _BytesToText(self)

    @property
    def encoding(self):
        return 'utf-8'

    @property
    def errors(self):
        return 'strict'

    def writable(self):
        return True

    def isatty(self):
        return False

    def fileno(self):
        return self.real.fileno()  # faulthandler, subprocess: the real fd, read by the engine

    def write(self, s):
        if not isinstance(s, str):
            raise TypeError('write() argument must be str, not %s' % type(s).__name__)
        if not s:
            return 0
        me = threading.get_ident()
        with self.lock:  # one buffer per thread: print() writes its text and its end separately
            pending = self.pending.get(me)
            if pending is None:
                pending = self.pending[me] = [[], 0, self.harness.user_line()]
            pending[0].append(s)
            pending[1] += len(s)
            if s.endswith('\n') or pending[1] >= PRINT_FLUSH_CHARS:
                self._emit(me)
        return len(s)

    def flush(self):
        with self.lock:
            for ident in list(self.pending):
                self._emit(ident)

    def flush_thread(self):
        """This thread's partial text, before a record it emits (other threads' half lines stay whole)."""
        with self.lock:
            if threading.get_ident() in self.pending:
                self._emit(threading.get_ident())

    def _emit(self, ident):
        parts, _, line = self.pending.pop(ident)
        self.harness.emit_print(''.join(parts), line, self.stream_name)


class _BytesToText:
    """sys.stdout.buffer for programs that write bytes."""

    def __init__(self, text):
        self.text = text

    def write(self, b):
        self.text.write(bytes(b).decode('utf-8', 'replace'))
        return len(b)

    def flush(self):
        self.text.flush()
