# Generator functions run lazily: infinite generators, yield from, send-less v = yield, try/finally, early break.
def count(n):
    i = 0
    while True:
        yield i
        i += 1
        if i >= n:
            return


def pairs(xs):
    for i, x in enumerate(xs):
        if i % 2 == 0:
            yield x, i
        else:
            continue
    yield from [100, 200]


def naturals():
    k = 0
    while True:
        k += 1
        yield k


def data_iter(batch_size, features):
    idx = list(range(len(features)))
    for i in range(0, len(idx), batch_size):
        yield [features[j] for j in idx[i: min(i + batch_size, len(idx))]]


def with_finally():
    try:
        yield 1
        yield 2
    finally:
        print("finally")


def echo():
    got = yield "first"
    print("got", got)
    yield "second"


def side_effects(log):
    for k in range(3):
        log.append(k)
        yield k


print(list(count(5)))
print(list(pairs([3, 4, 5])))
g = naturals()
print(next(g), next(g), next(g))
for v in naturals():
    if v > 3:
        break
print(v)
print(sum(x * x for x in count(4)))
print([b for b in data_iter(3, list("abcdefgh"))])
print(list(with_finally()))
print(list(echo()))
log = []
it = side_effects(log)
print(log, next(it), log, next(it), log)
print(dict(zip("abc", naturals())))
print(max(count(7)), sorted(count(4), reverse=True), 3 in count(10))


def bad():
    yield 1
    raise ValueError("boom")


try:
    for x in bad():
        print(x)
except ValueError as e:
    print("caught", e)
