# Assignment expressions bind in the enclosing scope (comprehension targets are NotSupported, tested in errors).
data = [3, 8, 1, 9]
if (n := len(data)) > 3:
    print("long", n)
i = 0
while (chunk := data[i:i + 2]):
    print(chunk)
    i += 2
def f(xs):
    if (m := max(xs)) > 5:
        return m
    return -1
print(f(data), f([1]))
