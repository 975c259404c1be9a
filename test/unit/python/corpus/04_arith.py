vals = [7, -7, 7.5, -7.5, 3, -3, 2.0, 0.5]
for a in vals:
    row = []
    for b in vals:
        row.append((a + b, a - b, a * b, a / b, a // b, a % b))
    print(a, row[0], row[3], row[5])
print(10 ** 20, 2 ** -2, (-2) ** 3, (-8) ** 2, 2.0 ** 3, 7 // -2, -7 // -2, 7.0 // 2, -1 % 5, 1 % -5, -0.5 % 1)
print(1 << 10, 1024 >> 3, 6 & 3, 6 | 3, 6 ^ 3, ~5, -(-3), +4)
print(True * 3, False + 1.5, 3 / True, 10 // 3 * 3 + 10 % 3, 1e308 * 10, -1e308 * 10)
print(int(2.9), int(-2.9), int('  12 '), int('ff', 16), float('  -1.5 '), float('inf'), -float('inf'), float('nan') == float('nan'))
print(0.1 + 0.2 == 0.3, abs(-2.5), abs(-3), round(7.5), round(-2.5), round(1234.5678, -2), round(1234, -2), round(0.5 + 1e-9))
print(max(1, 2.5), min([4, 2, 8]), sum([0.1] * 10), sum([1, 2, 3], 10), pow(2, 10), pow(2, 10, 1000), divmod(17, 5), divmod(-17.5, 5))
print(3 == 3.0, 1 == True, hash(1) == hash(True), 2 < 2.5 < 3, 10 > 9 >= 9 != 8)
