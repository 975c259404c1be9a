// Exception classes that belong to a module, not to builtins (io.UnsupportedOperation, json.JSONDecodeError,
// re.error): module attributes, so `except json.JSONDecodeError` works while the names stay out of builtins.
import { EXCEPTIONS, PyClass, PyException, makeException } from '../objects';

function moduleClass(name: string, module: string, base: string): PyClass {
  const c = new PyClass(name, [EXCEPTIONS.get(base)!], new Map(), module);
  return c;
}

export const UNSUPPORTED_OPERATION = moduleClass('UnsupportedOperation', 'io', 'OSError');
export const JSON_DECODE_ERROR = moduleClass('JSONDecodeError', 'json.decoder', 'ValueError');
export const RE_ERROR = moduleClass('error', 're', 'Exception');

export function raise(cls: PyClass, message: string): PyException {
  return new PyException(makeException(cls, message), message);
}
