# dict/set keys: numbers equal across int/float/bool, strings never meet numbers or tuples, tuple keys by value.
d = {}
d[1] = 'int'
d[1.0] = 'float'
d[True] = 'bool'
print(d, len(d))
d['1'] = 'str'
d[(1,)] = 'tuple'
d[('1',)] = 'tuple-str'
d[(1.0, 'a,b')] = 'mixed'
d[(1, 'a', 'b')] = 'three'
d[((1, 2), 3)] = 'nested'
d[(1, (2, 3))] = 'nested2'
d[None] = 'none'
d[(None,)] = 'tuple-none'
d[('None',)] = 'tuple-str-none'
d['\x00s1'] = 'nul'
d[''] = 'empty'
d[-0.0] = 'negzero'
d[0] = 'zero'
d[2 ** 70] = 'big'
d[float(2 ** 70)] = 'bigfloat'
d[10 ** 400] = 'huge'
print(len(d))
for k, v in d.items():
    print(repr(k), v)
print(d[(1.0,)], d[(True,)], d[1], d[0.0], d[False])
print('1' in d, 1 in d, (1,) in d, ('1',) in d, '\x00s1' in d, '\x00t(n1,)' in d, (1, 'a,b') in d)
print(d[10 ** 400], 10 ** 400 + 1 in d)
s = {1, 1.0, True, '1', (1,), (1.0,), 'a', ('a',)}
print(len(s))
del d[(1, 'a', 'b')]
print(len(d), (1, 'a', 'b') in d)
obj = object()
e = {(obj, 1): 'o'}
print(e[(obj, 1)], (object(), 1) in e)
