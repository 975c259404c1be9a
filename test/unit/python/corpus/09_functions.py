def f(a, b=2, *args, c=3, **kw):
    return (a, b, args, c, sorted(kw.items()))
print(f(1), f(1, 5), f(1, 2, 3, 4), f(1, c=9), f(a=1, b=2, z=3), f(*[1, 2, 3], **{'c': 0, 'y': 1}))
def g(*, key):
    return key
print(g(key='k'))
def fact(n):
    return 1 if n <= 1 else n * fact(n - 1)
print(fact(20), fact(25))
def fib(n):
    a, b = 0, 1
    for _ in range(n):
        a, b = b, a + b
    return a
print([fib(i) for i in range(15)])
def make_adder(k):
    return lambda x: x + k
adders = [make_adder(i) for i in range(3)]
print([a(10) for a in adders])
def acc():
    total = 0
    def add(x):
        nonlocal total
        total += x
        return total
    return add
a = acc(); a(5); a(6); print(a(0))
counter = 0
def bump():
    global counter
    counter += 1
for _ in range(4):
    bump()
print(counter)
def defaults(x, lst=None):
    if lst is None:
        lst = []
    lst.append(x)
    return lst
print(defaults(1), defaults(2))
def noret():
    pass
print(noret(), (lambda: 42)(), (lambda *a, **k: (a, k))(1, b=2))
def apply(fn, *args, **kwargs):
    return fn(*args, **kwargs)
print(apply(max, 3, 9, 4), apply(sorted, [3, 1], reverse=True))
def outer():
    x = 'outer'
    def mid():
        def inner():
            return x
        return inner()
    return mid()
print(outer(), f.__name__, (lambda: 0).__name__)
def early(xs):
    for x in xs:
        if x > 2:
            return x
    return -1
print(early([1, 2, 3, 4]), early([]))
def doc():
    """Docstring here."""
    return doc.__doc__
print(doc())
