// unicodedata against CPython 3.11: the name-classifier tutorials strip accents with normalize('NFD', s) and
// category(c) != 'Mn'.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ready } from './helpers';
import { runBoth } from './stdlib_harness';

test('unicodedata.normalize and category match CPython', async () => {
  await ready;
  const { ours, cpython } = runBoth(`
import unicodedata, string
all_letters = string.ascii_letters + " .,;'"
def unicodeToAscii(s):
    return ''.join(c for c in unicodedata.normalize('NFD', s) if unicodedata.category(c) != 'Mn' and c in all_letters)
print(unicodeToAscii('Ślusàrski'), unicodeToAscii("O'Néàl"), ascii(unicodedata.normalize('NFC', 'e\\u0301')))
print(ascii(unicodedata.normalize('NFKD', '\\ufb01 \\u00bd')), unicodedata.is_normalized('NFC', 'caf\\u00e9'))
print([unicodedata.category(c) for c in ['a', 'Z', '\\u0301', '1', ' ', '\\u00a0', '\\u2028', '-', '(', '$', '+', '\\x00', '\\u0378']])
for bad in [lambda: unicodedata.category('ab'), lambda: unicodedata.category(3), lambda: unicodedata.normalize('X', 'a'),
            lambda: unicodedata.normalize('NFD', 3)]:
    try:
        bad()
    except Exception as e:
        print(type(e).__name__, e)
`);
  assert.equal(ours, cpython);
});
