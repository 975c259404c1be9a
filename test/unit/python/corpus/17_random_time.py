import random
import time
random.seed(42)
a = [random.random() for _ in range(5)]
random.seed(42)
b = [random.random() for _ in range(5)]
print(a == b, all(0 <= x < 1 for x in a), len(set(a)))
random.seed(1)
ints = [random.randint(1, 6) for _ in range(200)]
print(min(ints), max(ints), all(isinstance(i, int) for i in ints))
u = [random.uniform(-2, 3) for _ in range(100)]
print(all(-2 <= x <= 3 for x in u))
items = list(range(10))
random.shuffle(items)
print(sorted(items) == list(range(10)), random.choice(['only']), random.choice(items) in items)
t0 = time.time()
p0 = time.perf_counter()
s = sum(range(1000))
print(time.time() >= t0, time.perf_counter() >= p0, s)
