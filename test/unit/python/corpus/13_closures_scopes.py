x = 'global'
def show():
    return x
def shadow():
    x = 'local'
    return x
print(show(), shadow(), x)
def make_counter():
    count = 0
    def inc(by=1):
        nonlocal count
        count += by
        return count
    def get():
        return count
    return inc, get
inc, get = make_counter()
inc(); inc(5)
print(get())
def level1():
    a = 1
    def level2():
        b = 2
        def level3():
            nonlocal a
            a += 10
            return a + b
        return level3()
    r = level2()
    return r, a
print(level1())
total = 0
def add_global(v):
    global total
    total += v
for v in [1, 2, 3]:
    add_global(v)
print(total)
def late_binding():
    fs = []
    for i in range(3):
        fs.append(lambda: i)
    return [f() for f in fs]
print(late_binding())
def unbound():
    try:
        print(y)
        y = 1
    except NameError as e:
        return type(e).__name__
print(unbound())
def memo():
    cache = {}
    def fib(n):
        if n in cache:
            return cache[n]
        r = n if n < 2 else fib(n - 1) + fib(n - 2)
        cache[n] = r
        return r
    return fib
print(memo()(60))
class K:
    val = 5
    def m(self):
        return val_lookup()
def val_lookup():
    return 'module-level'
print(K().m())
