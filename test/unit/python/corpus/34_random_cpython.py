# random reproduces CPython 3.11 after random.seed(n).
import random
random.seed(0)
print(random.random(), random.randint(1, 100), random.randrange(10), random.randrange(3, 50, 4))
l = list(range(20)); random.shuffle(l); print(l)
print(random.choice([1, 2, 3, 'a']), random.uniform(-1, 2))
print(random.gauss(0, 1), random.gauss(0, 1), random.normalvariate(1, 2))
print(random.sample(range(100), 7), random.sample([1,2,3,4,5], 3))
random.seed(123456789012345678901234567890)
print(random.random(), random.getrandbits(70))
random.seed(-5)
print(random.random())
