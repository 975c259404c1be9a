def risky(kind):
    if kind == 'value':
        raise ValueError('bad value')
    if kind == 'type':
        raise TypeError('bad type')
    if kind == 'key':
        return {}['missing']
    if kind == 'zero':
        return 1 // 0
    return 'ok'
for kind in ['value', 'type', 'key', 'zero', 'none']:
    try:
        r = risky(kind)
    except (ValueError, TypeError) as e:
        print('VT', type(e).__name__, e)
    except LookupError as e:
        print('Lookup', type(e).__name__, e)
    except Exception as e:
        print('Other', type(e).__name__, e)
    else:
        print('else', r)
    finally:
        print('finally', kind)
def nested():
    try:
        try:
            raise RuntimeError('inner')
        except RuntimeError:
            print('handling inner')
            raise
    except RuntimeError as e:
        print('re-caught', e)
        return 'from except'
    finally:
        print('outer finally')
print(nested())
def fin_return():
    try:
        return 'try'
    finally:
        print('cleanup runs')
print(fin_return())
class AppError(Exception):
    pass
class DeepError(AppError):
    def __str__(self):
        return 'deep:' + str(self.args[0])
try:
    raise DeepError('x')
except AppError as e:
    print(type(e).__name__, str(e), isinstance(e, Exception), e.args)
try:
    raise ValueError('a', 'b')
except ValueError as e:
    print(e, e.args, repr(e))
try:
    try:
        1 / 0
    except ZeroDivisionError as e:
        raise ValueError('converted') from e
except ValueError as e:
    print('chained', e)
for i in range(3):
    try:
        if i == 1:
            continue
        print('body', i)
    finally:
        print('fin', i)
try:
    raise KeyError('k')
except KeyError as e:
    print(e, repr(e))
try:
    x = undefined_variable
except NameError as e:
    print(e)
try:
    'a' + 1
except TypeError as e:
    print(e)
try:
    [1, 2].index(5)
except ValueError as e:
    print(e)
try:
    None.foo
except AttributeError as e:
    print(e)
try:
    a, b = [1, 2, 3]
except ValueError as e:
    print(e)
try:
    raise StopIteration
except StopIteration:
    print('stop')
e = None
try:
    int('1.5')
except ValueError as err:
    e = str(err)
print(e)
def try_else_return():
    out = []
    for i in range(3):
        try:
            if i == 1:
                continue
            if i == 2:
                return out
        except ValueError:
            pass
        else:
            out.append(i)
    return out
print(try_else_return())
def deep(n):
    return 0 if n == 0 else 1 + deep(n - 1)
print(deep(900))
