// The unicodedata module: normalize (NFC/NFD/NFKC/NFKD) and the general category of a character, from the
// JavaScript engine's Unicode tables (the same Unicode data CPython ships, up to version differences).
import { type HostModule, type PyValue } from '../host';
import { pyErr } from '../objects';
import { typeName } from '../runtime';
import { makeModule } from './native';

const CATEGORIES = ['Lu', 'Ll', 'Lt', 'Lm', 'Lo', 'Mn', 'Mc', 'Me', 'Nd', 'Nl', 'No', 'Pc', 'Pd', 'Ps', 'Pe', 'Pi', 'Pf',
  'Po', 'Sm', 'Sc', 'Sk', 'So', 'Zs', 'Zl', 'Zp', 'Cc', 'Cf', 'Cs', 'Co'];
const TESTS = CATEGORIES.map((c) => [c, new RegExp(`^\\p{${c}}$`, 'u')] as const);
const FORMS = new Set(['NFC', 'NFD', 'NFKC', 'NFKD']);

/** One code point (Python's str of length 1), else CPython's TypeError for `fn`. */
function char(v: PyValue, fn: string): string {
  if (typeof v !== 'string' || [...v].length !== 1) {
    throw pyErr('TypeError', `${fn}() argument must be a unicode character, not ${typeName(v)}`);
  }
  return v;
}

function form(v: PyValue, s: PyValue, fn: string): [string, string] {
  if (typeof v !== 'string') throw pyErr('TypeError', `${fn}() argument 1 must be str, not ${typeName(v)}`);
  if (typeof s !== 'string') throw pyErr('TypeError', `${fn}() argument 2 must be str, not ${typeName(s)}`);
  if (!FORMS.has(v)) throw pyErr('ValueError', 'invalid normalization form');
  return [v, s];
}

export function makeUnicodedata(): HostModule {
  return makeModule('unicodedata', {
    normalize: (a) => { const [f, s] = form(a[0], a[1], 'normalize'); return s.normalize(f); },
    is_normalized: (a) => { const [f, s] = form(a[0], a[1], 'is_normalized'); return s.normalize(f) === s; },
    // Code points in no category are unassigned: 'Cn', as CPython answers.
    category: (a) => { const c = char(a[0], 'category'); return TESTS.find(([, re]) => re.test(c))?.[0] ?? 'Cn'; },
  });
}
