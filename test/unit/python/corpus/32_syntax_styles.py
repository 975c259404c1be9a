class Base:
    def __init__(self, n):
        self.n = n
    def total(self):
        return self.n
class Net(Base):
    def __init__(self):
        super(Net, self).__init__(3)  # old-style super
        Base.__init__(self, self.n + 1)
    def total(self):
        return super(Net, self).total() * 10
net = Net()
print(net.n, net.total())
value, = [42]
(a, b), = [(1, 2)]
print(value, a, b)
result = max(1,  # first
             5,  # second
             3)
d = {
    'a': 1,  # comment
    # another
    'b': 2,
}
lst = [
    1,
    # mid
    2,
]
total = 1 + \
    2 + \
    3
print(result, d, lst, total)
def f(a,  # the a
      b=2):  # the b
    # body comment
    return (a
            # inline
            + b)
print(f(1))
x = [1, 2, 3]
if (len(x) > 2 and
        x[0] == 1):
    print('multi-line condition')
class C:
    """Docstring."""
    # comment in class
    attr = 1

    def m(self):  # trailing
        return self.attr
print(C().m(), C.__doc__)
