s = "Hello, World"
print(s.lower(), s.upper(), s.split(', '), s.find('o'), s.rfind('o'), s.index('W'), s.count('l'), s.replace('l', 'L', 2))
print(s[0], s[-1], s[2:5], s[::2], len(s), 'World' in s, s.startswith('Hell'), s.endswith(('x', 'ld')))
print('  pad  '.strip(), '--x--'.strip('-'), 'x'.center(5, '*'), 'ab'.ljust(4, '.') + '|', '7'.zfill(3), '-7'.zfill(4))
print('a-b-c'.split('-', 1), 'a b c'.rsplit(' ', 1), 'line1\nline2\n'.splitlines(), 'abc'.partition('b'))
print(','.join(str(i) for i in range(5)), 'Title case here'.title(), 'abc'.capitalize(), '123'.isdigit(), 'ab1'.isalpha(), ' '.isspace())
print(repr('quote\'s'), repr("dq\"s"), repr('tab\tnew\nline'), repr('back\\slash'), str(12), str(1.50), str(True))
print('%s is %d years and %.1f%% done; %5s|%-5s|%05.1f' % ('Bob', 30, 99.5, 'r', 'l', 3.14159))
print('%(a)s-%(b)03d' % {'a': 'x', 'b': 7}, '%x %o %e %g' % (255, 8, 12345.678, 0.00001234))
print('{0} {1} {0}'.format('a', 'b'), '{:>6}|{:<6}|{:^6}'.format('r', 'l', 'c'), '{:08.3f}'.format(-3.14159), '{x[0]} {y.real}'.format(x=[5], y=2))
name, n = 'loss', 3
print(f'{name}={n}', f'{name!r:>10}', f'{n:03d}', f'{n * 2.5:.2e}', f'{{literal}}', f'{"nested":>{n + 5}}', f'{n=}')
print('abc' * 2, 'a' + 'b', 'b' > 'a', 'abc' < 'abd', ord('A'), chr(66), 'é'.upper(), len('héllo'))
print("multi" "part" 'concat', r'raw\n', '\x41\u00e9\t|', """triple
quoted""")
