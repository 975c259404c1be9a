log = []
class Tracker:
    def __init__(self, name, swallow=False):
        self.name, self.swallow = name, swallow
    def __enter__(self):
        log.append('enter ' + self.name)
        return self.name.upper()
    def __exit__(self, exc_type, exc, tb):
        log.append('exit %s %s' % (self.name, exc_type.__name__ if exc_type else None))
        return self.swallow
with Tracker('a') as t:
    log.append('body ' + t)
with Tracker('outer'), Tracker('inner') as i:
    log.append('nested ' + i)
with Tracker('s', swallow=True):
    raise ValueError('swallowed')
try:
    with Tracker('p'):
        raise KeyError('propagates')
except KeyError as e:
    log.append('caught ' + str(e))
def in_func():
    with Tracker('ret'):
        return 'returned'
log.append(in_func())
for i in range(3):
    with Tracker('loop%d' % i):
        if i == 1:
            continue
        if i == 2:
            break
print('\n'.join(log))
