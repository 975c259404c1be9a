vals = [1, 1.5, True, 'a', None, [1], (1,), {'a': 1}, {1}, range(3)]
for v in vals:
    print(type(v).__name__, isinstance(v, int), isinstance(v, (float, str)), isinstance(v, (list, tuple)))
print(type(1) == int, type(True) == bool, type(True) is int, isinstance(True, bool), type(None).__name__)
print(int, str, type(int) is type, isinstance(int, type), issubclass(bool, int))
class A: pass
class B(A): pass
print(isinstance(B(), A), type(B()) is A, type(B()).__name__, issubclass(B, (int, A)))
print(isinstance(ValueError('x'), Exception), issubclass(KeyError, LookupError), issubclass(ZeroDivisionError, ArithmeticError))
print(str(1.0), str(10), bool(0.0), bool('0'), int(True), float(False), list('ab'), tuple([1]), set(), dict())
print(len(range(0, 10, 3)), list(range(5, 0, -2)), range(3)[1], 4 in range(0, 10, 2), 5 in range(0, 10, 2), list(range(-3)))
print(callable(len), callable(A), callable(A()), hasattr([], 'append'), hasattr(1, 'real'), getattr('s', 'upper')())
