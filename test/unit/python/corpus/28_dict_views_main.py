d = {'a': 1, 'b': 2}
k = d.keys()
v = d.values()
it = d.items()
d['c'] = 3
print(len(k), list(k), list(v), list(it), 'a' in k, 'z' in k, sorted(k), len(it))
print(k, v, it)
for key in d.keys():
    print(key, end=';')
print()
for key, val in d.items():
    d[key] = val * 10
print(d, sum(d.values()), max(d.values()), bool({}.keys()))
def main():
    print('running as', __name__)
if __name__ == '__main__':
    main()
