xs = range(1, 6)
print([x * x for x in xs], [x for x in xs if x % 2], [(x, y) for x in range(3) for y in range(x)])
print({x: x ** 2 for x in xs}, sorted({x % 3 for x in xs}), sum(x for x in xs), max(x * -1 for x in xs))
print(list(x + 1 for x in [1, 2]), any(x > 4 for x in xs), all(x > 0 for x in xs), sorted(x % 3 for x in xs))
matrix = [[i * 3 + j for j in range(3)] for i in range(3)]
print(matrix, [row[1] for row in matrix], [[row[i] for row in matrix] for i in range(3)])
print([c.upper() for c in 'abc' if c != 'b'], {k: v for k, v in zip('abc', range(3)) if v}, [i for i, _ in enumerate('xyz')])
x = 'outer'
print([x for x in range(2)], x)
funcs = [lambda y, i=i: y + i for i in range(3)]
print([f(10) for f in funcs])
def scale(k, vals):
    return [v * k for v in vals]
print(scale(3, [1, 2]), tuple(i for i in range(3)), list(zip(*[[1, 2], [3, 4]])))
class Holder:
    items = [1, 2, 3]
    doubled = [i * 2 for i in items]
print(Holder.doubled)
print([(a, b) for a, b in {'p': 1, 'q': 2}.items()], [y for x in [[1], [2, 3]] for y in x if y > 1])
