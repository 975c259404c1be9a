width, prec = 12, 4
val = 3.14159265
print(f'[{val:{width}.{prec}f}]', f'[{val:<{width}}]', f'[{"x":*^{width}}]', f'{val:.{prec}}')
items = {'loss': 0.1234567, 'acc': 0.98}
print(', '.join(f'{k}={v:.3f}' for k, v in items.items()))
print(f'{[1, 2]} {(1,)} {None} {True} {1 + 2} {"a" "b"} {items["acc"]:.1%}')
print(f'{12345678:,} {1234.5:_.1f} {-3:+d} {3:+d} {42:x} {42:#o} {42:08b} {65:c}')
print(f"{'nested' + f'{1 + 1}'}", f'{3.0}', f'{1e-7}', f'{2**64}', f'{-0.0}', f'{1/3:.15g}')
name = 'w1'
print(f'{name:>6}|{name:<6}|{name:^6}|', f'{val!s:>10.4}', f'{val:10.3e}|{-val:<10.2f}|')
for i in range(3):
    print(f'{i:02d}: {"#" * i}')
print(f'{"line1"}\n{"line2"}', f'tab\there', f'{{}} {{{val:.1f}}}')
