// logging: loggers, levels, basicConfig and CPython's record format (%(levelname)s, %(name)s, %(message)s,
// %(asctime)s…), writing to stderr (the run's output) as CPython's default handler does.
export const LOGGING_PY = String.raw`
import sys
import time

CRITICAL = 50
FATAL = CRITICAL
ERROR = 40
WARNING = 30
WARN = WARNING
INFO = 20
DEBUG = 10
NOTSET = 0
_names = {CRITICAL: 'CRITICAL', ERROR: 'ERROR', WARNING: 'WARNING', INFO: 'INFO', DEBUG: 'DEBUG', NOTSET: 'NOTSET'}
BASIC_FORMAT = '%(levelname)s:%(name)s:%(message)s'

def getLevelName(level):
    return _names.get(level, 'Level %s' % level)

def _level(level):
    if isinstance(level, str):
        for k, v in _names.items():
            if v == level:
                return k
        raise ValueError('Unknown level: %r' % level)
    return level

class LogRecord:
    def __init__(self, name, level, msg, args):
        self.name = name
        self.levelno = level
        self.levelname = getLevelName(level)
        self.msg = msg
        self.args = args
        self.created = time.time()
        self.asctime = time.strftime('%Y-%m-%d %H:%M:%S') + ',000'
    def getMessage(self):
        msg = str(self.msg)
        if self.args:
            msg = msg % self.args
        return msg

class Formatter:
    def __init__(self, fmt=None, datefmt=None, style='%'):
        self._fmt = fmt or '%(message)s'
        self.datefmt = datefmt
        self._style = style
    def format(self, record):
        record.message = record.getMessage()
        if self.datefmt:
            record.asctime = time.strftime(self.datefmt)
        values = {'name': record.name, 'levelname': record.levelname, 'levelno': record.levelno, 'message': record.message,
                  'asctime': record.asctime, 'created': record.created, 'msecs': 0, 'filename': sys.argv[0],
                  'module': sys.argv[0].split('/')[-1][:-3], 'funcName': '<module>', 'lineno': 0, 'process': 4242,
                  'thread': 1, 'threadName': 'MainThread', 'processName': 'MainProcess', 'relativeCreated': 0}
        if self._style == '{':
            return self._fmt.format(**values)
        return self._fmt % values

class Handler:
    def __init__(self, level=NOTSET):
        self.level = _level(level)
        self.formatter = None
    def setLevel(self, level):
        self.level = _level(level)
    def setFormatter(self, fmt):
        self.formatter = fmt
    def handle(self, record):
        if record.levelno >= self.level:
            self.emit(record)
    def format(self, record):
        return (self.formatter or Formatter()).format(record)
    def flush(self):
        pass
    def close(self):
        pass

class StreamHandler(Handler):
    def __init__(self, stream=None):
        Handler.__init__(self)
        self.stream = stream
    def emit(self, record):
        (self.stream if self.stream is not None else sys.stderr).write(self.format(record) + '\n')

class FileHandler(StreamHandler):
    def __init__(self, filename, mode='a', encoding=None, delay=False):
        StreamHandler.__init__(self, open(filename, mode))

class NullHandler(Handler):
    def emit(self, record):
        pass

class Logger:
    def __init__(self, name, level=NOTSET):
        self.name = name
        self.level = level
        self.handlers = []
        self.parent = None
        self.propagate = True
        self.disabled = False
    def setLevel(self, level):
        self.level = _level(level)
    def getEffectiveLevel(self):
        logger = self
        while logger is not None:
            if logger.level:
                return logger.level
            logger = logger.parent
        return NOTSET
    def isEnabledFor(self, level):
        return level >= self.getEffectiveLevel()
    def addHandler(self, h):
        if h not in self.handlers:
            self.handlers.append(h)
    def removeHandler(self, h):
        if h in self.handlers:
            self.handlers.remove(h)
    def hasHandlers(self):
        return bool(self.handlers) or (self.parent is not None and self.parent.hasHandlers())
    def log(self, level, msg, *args, **kwargs):
        if self.disabled or not self.isEnabledFor(level):
            return
        record = LogRecord(self.name, level, msg, args)
        logger = self
        found = False
        while logger is not None:
            for h in logger.handlers:
                found = True
                h.handle(record)
            if not logger.propagate:
                break
            logger = logger.parent
        if not found and level >= WARNING:
            sys.stderr.write(record.getMessage() + '\n')
    def debug(self, msg, *args, **kwargs):
        self.log(DEBUG, msg, *args)
    def info(self, msg, *args, **kwargs):
        self.log(INFO, msg, *args)
    def warning(self, msg, *args, **kwargs):
        self.log(WARNING, msg, *args)
    warn = warning
    def error(self, msg, *args, **kwargs):
        self.log(ERROR, msg, *args)
    def exception(self, msg, *args, **kwargs):
        self.log(ERROR, msg, *args)
    def critical(self, msg, *args, **kwargs):
        self.log(CRITICAL, msg, *args)
    fatal = critical
    def getChild(self, suffix):
        return getLogger(self.name + '.' + suffix if self.name != 'root' else suffix)

root = Logger('root', WARNING)
_loggers = {}

def getLogger(name=None):
    if not name or name == 'root':
        return root
    if name not in _loggers:
        logger = Logger(name)
        parent = '.'.join(name.split('.')[:-1])
        logger.parent = getLogger(parent) if parent else root
        _loggers[name] = logger
    return _loggers[name]

def basicConfig(**kwargs):
    force = kwargs.get('force', False)
    if force:
        root.handlers = []
    if root.handlers:
        return
    if 'filename' in kwargs:
        h = FileHandler(kwargs['filename'], kwargs.get('filemode', 'a'))
    elif 'handlers' in kwargs:
        for h in kwargs['handlers']:
            if h.formatter is None:
                h.setFormatter(Formatter(kwargs.get('format', BASIC_FORMAT), kwargs.get('datefmt'), kwargs.get('style', '%')))
            root.addHandler(h)
        h = None
    else:
        h = StreamHandler(kwargs.get('stream'))
    if h is not None:
        h.setFormatter(Formatter(kwargs.get('format', BASIC_FORMAT), kwargs.get('datefmt'), kwargs.get('style', '%')))
        root.addHandler(h)
    if 'level' in kwargs:
        root.setLevel(kwargs['level'])

def _root_log(level, msg, args):
    if not root.handlers:
        basicConfig()
    root.log(level, msg, *args)

def debug(msg, *args, **kwargs):
    _root_log(DEBUG, msg, args)

def info(msg, *args, **kwargs):
    _root_log(INFO, msg, args)

def warning(msg, *args, **kwargs):
    _root_log(WARNING, msg, args)

warn = warning

def error(msg, *args, **kwargs):
    _root_log(ERROR, msg, args)

def exception(msg, *args, **kwargs):
    _root_log(ERROR, msg, args)

def critical(msg, *args, **kwargs):
    _root_log(CRITICAL, msg, args)

def log(level, msg, *args, **kwargs):
    _root_log(level, msg, args)

def disable(level=CRITICAL):
    pass

def captureWarnings(capture):
    pass

def shutdown():
    pass
`;
