d = {'b': 2, 'a': 1}
d['c'] = 3
print(d, len(d), 'a' in d, 'z' not in d, d.get('z'), d.get('a', 0), list(d.keys()), list(d.values()), list(d.items()))
for k, v in d.items():
    print(k, v)
d.update({'a': 10}, e=5); print(d); print(d.pop('e'), d.pop('zz', None), d)
print({k: v * 2 for k, v in d.items() if v > 2}, dict(zip('xy', [1, 2])), dict(a=1), dict([('p', 0)]))
e = dict(d); e['b'] = 0; print(d['b'], e['b'], e == d, {1: 'a'} == {1: 'a'})
counts = {}
for w in 'the cat and the hat and the bat'.split():
    counts[w] = counts.get(w, 0) + 1
print(counts, max(counts, key=counts.get), sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))
t = {(1, 2): 'pair', 3: 'int', 3.5: 'float', None: 'none', True: 'bool'}
print(t[(1, 2)], t[3], t[1], t[None], len(t))
s = {3, 1, 2}
s.add(4); s.discard(10); s.remove(1); print(sorted(s), 2 in s, len(s))
print(sorted({1, 2} | {2, 3}), sorted({1, 2} & {2, 3}), sorted({1, 2} - {2}), sorted({1, 2} ^ {2, 3}), {1, 2} <= {1, 2, 3}, set() == set())
print(sorted(set('hello')), sorted({x % 3 for x in range(10)}), dict.fromkeys(['a', 'b'], 0))
nested = {'layer': {'w': [1, 2], 'b': 0}}
nested['layer']['w'].append(3); print(nested, nested['layer']['w'][-1])
del d['a']; print(d); print(d.setdefault('n', []), d, d.copy() is d)
