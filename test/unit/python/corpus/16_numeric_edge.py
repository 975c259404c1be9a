import math
print(math.sqrt(16), math.exp(1), math.log(math.e), math.log(8, 2), math.log10(1000), math.log2(8), math.pi, math.e)
print(math.floor(-2.5), math.ceil(2.1), math.isnan(float('nan')), math.isfinite(1e308), math.isfinite(math.inf), math.inf > 1e308)
print(math.cos(0), math.sin(0), math.tanh(0.5), math.fabs(-3), math.pow(2, 0.5), math.prod([1, 2, 3, 4]), math.prod([]))
print(math.floor(3), type(math.floor(3.7)).__name__, math.isclose(0.1 + 0.2, 0.3), math.trunc(-3.7), math.factorial(10))
try:
    math.sqrt(-1)
except ValueError as e:
    print('ValueError', e)
try:
    math.log(0)
except ValueError as e:
    print('ValueError', e)
print(1e-7, 1e-4, 0.0001234, 12345678901234567.0, 1.5e16, 9999999999999998.0, 2.5e-10, float(10**20))
print(1 / 7, 2 / 3, 100 / 3, 1e300 * 1e300, -1e300 * 1e300, 0.1 * 3, 5e-324, 1.7976931348623157e308)
print(int(1e20), 10 ** 30 // 7, -(10 ** 30) // 7, (10 ** 30) % 7, 2 ** 0.5 * 2 ** 0.5, 7 / 7, 0.0 == -0.0)
print(f'{math.pi:.10f} {math.e:.3e} {1e-10:.3g} {123.456:g} {0.000123456:.2g} {1e21:f} {12.0:g} {1.0:.0%}')
nan = float('nan')
print(nan != nan, nan == nan, nan > 0, [nan] == [nan], min(3.0, 2), max(0, -0.0))
