// CPython's tokenizer-level errors, found by one linear scan before tree-sitter: tree-sitter recovers from a
// bad indent or a missing colon silently or reports it a line late, while a user expects Python's own words.
// The scan knows strings, comments, brackets, backslash continuations and logical lines, nothing more.

import { fstringError } from './syntaxHints';

/** A tokenizer-level error: the exception type, CPython's message and the 1-based line. */
export interface TokenError {
  type: 'SyntaxError' | 'IndentationError' | 'TabError';
  message: string;
  line: number;
  /** Where the trouble starts (a block's statement, an unclosed bracket), where tree-sitter reports it. */
  opener?: number;
}

const OPENERS: Record<string, string> = { '(': ')', '[': ']', '{': '}' };
const CLOSERS: Record<string, string> = { ')': '(', ']': '[', '}': '{' };

/** Compound statements, by their first keyword; the words CPython uses for "expected an indented block after …". */
const COMPOUND: Record<string, string> = {
  if: "'if' statement", elif: "'elif' statement", else: "'else' statement", for: "'for' statement",
  while: "'while' statement", with: "'with' statement", try: "'try' statement", except: "'except' statement",
  finally: "'finally' statement", def: 'function definition', class: 'class definition',
};

interface LogicalLine {
  line: number;          // first physical line
  lastLine: number;      // last physical line
  col: number;           // indentation with tabs to multiples of 8
  altCol: number;        // indentation with tabs as 1 (CPython's check for inconsistent tabs)
  first: string;         // the first word (keyword check)
  second: string;        // the second word (for `async def` / `async for` / `async with`)
  endsWithColon: boolean;
  hasTopColon: boolean;  // a ':' outside brackets anywhere in the line
}

const isIdent = (c: number) => (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c > 127;

/**
 * The first tokenizer-level error of `source` (CPython 3.11's wording), or null. Lines are counted on `\n`;
 * callers normalise lone `\r` first.
 */
export function checkTokens(source: string): TokenError | null {
  const lines: LogicalLine[] = [];
  const stack: Array<{ ch: string; line: number }> = [];
  const n = source.length;
  let i = 0;
  let line = 1;
  while (i < n) {
    // start of a logical line: measure its indentation
    let col = 0;
    let altCol = 0;
    while (i < n) {
      const c = source.charCodeAt(i);
      if (c === 32) { col++; altCol++; } else if (c === 9) { col = (Math.floor(col / 8) + 1) * 8; altCol++; } else if (c === 12) { col = 0; altCol = 0; } else break;
      i++;
    }
    const startLine = line;
    let first = '';
    let second = '';
    let words = 0;
    let lastSignificant = '';
    let hasTopColon = false;
    let blank = true;
    // scan to the end of the logical line
    while (i < n) {
      const c = source.charCodeAt(i);
      if (c === 10) {
        line++; i++;
        if (stack.length === 0) break;
        continue;
      }
      if (c === 13) { i++; continue; }
      if (c === 35) { while (i < n && source.charCodeAt(i) !== 10) i++; continue; }
      if (c === 92 && source.charCodeAt(i + 1) === 10) { i += 2; line++; continue; } // backslash continuation
      if (c === 32 || c === 9 || c === 12) { i++; continue; }
      blank = false;
      if (c === 39 || c === 34) {
        const err = skipString();
        if (err) return err;
        lastSignificant = 'str';
        continue;
      }
      if (isIdent(c)) {
        const s = i;
        while (i < n && isIdent(source.charCodeAt(i))) i++;
        // a string prefix (r, b, f, rb, …) directly before a quote belongs to the string
        const q = source.charCodeAt(i);
        if ((q === 39 || q === 34) && i - s <= 2 && /^[rRbBfFuU]+$/.test(source.slice(s, i))) {
          const err = skipString(/[fF]/.test(source.slice(s, i)));
          if (err) return err;
          lastSignificant = 'str';
          continue;
        }
        const word = source.slice(s, i);
        if (words === 0) first = word; else if (words === 1) second = word;
        words++;
        lastSignificant = word;
        continue;
      }
      const ch = source[i];
      if (OPENERS[ch] !== undefined) {
        stack.push({ ch, line });
      } else if (CLOSERS[ch] !== undefined) {
        const top = stack.pop();
        if (!top) return { type: 'SyntaxError', message: `unmatched '${ch}'`, line };
        if (top.ch !== CLOSERS[ch]) {
          const message = top.line === line
            ? `closing parenthesis '${ch}' does not match opening parenthesis '${top.ch}'`
            : `closing parenthesis '${ch}' does not match opening parenthesis '${top.ch}' on line ${top.line}`;
          return { type: 'SyntaxError', message, line, opener: top.line };
        }
      } else if (ch === ':' && stack.length === 0) {
        // ':=' is the walrus, not a block colon
        if (source[i + 1] !== '=') hasTopColon = true;
      }
      if (words === 0 && first === '') first = ch; // a line starting with an operator has no keyword
      words = Math.max(words, 1);
      lastSignificant = ch === ':' && source[i + 1] === '=' ? ':=' : ch;
      if (lastSignificant === ':=') i++;
      i++;
    }
    if (!blank) {
      lines.push({ line: startLine, lastLine: Math.max(startLine, line - 1), col, altCol, first, second,
        endsWithColon: lastSignificant === ':', hasTopColon });
    }
  }
  if (stack.length) {
    const top = stack[stack.length - 1];
    return { type: 'SyntaxError', message: `'${top.ch}' was never closed`, line: top.line };
  }
  return checkLines(lines);

  /** Skips a string literal starting at i (a quote); returns an error for an unterminated one. */
  function skipString(fstring = false): TokenError | null {
    const q = source.charCodeAt(i);
    const triple = source.charCodeAt(i + 1) === q && source.charCodeAt(i + 2) === q;
    const startLine = line;
    i += triple ? 3 : 1;
    const bodyStart = i;
    for (; i < n; i++) {
      const d = source.charCodeAt(i);
      if (d === 92) { if (source.charCodeAt(i + 1) === 10) line++; i++; continue; }
      if (d === 10) {
        if (!triple) return { type: 'SyntaxError', message: 'unterminated string literal (detected at line ' + startLine + ')', line: startLine };
        line++;
        continue;
      }
      if (d === q && (!triple || (source.charCodeAt(i + 1) === q && source.charCodeAt(i + 2) === q))) {
        const body = source.slice(bodyStart, i);
        i += triple ? 3 : 1;
        // CPython reports a bad f-string at the line where the literal ends.
        const bad = fstring ? fstringError(body) : null;
        return bad ? { type: 'SyntaxError', message: bad, line } : null;
      }
    }
    return triple
      ? { type: 'SyntaxError', message: `unterminated triple-quoted string literal (detected at line ${source.endsWith('\n') ? line - 1 : line})`, line: startLine }
      : { type: 'SyntaxError', message: `unterminated string literal (detected at line ${startLine})`, line: startLine };
  }
}

/** The indentation stack and the block rules, over logical lines. */
function checkLines(lines: LogicalLine[]): TokenError | null {
  const cols = [0];
  const alts = [0];
  // per indentation level: the first word of the last statement there (what an else/elif/except continues)
  const lastWord = [''];
  const lastLine = [0];
  for (let k = 0; k < lines.length; k++) {
    const l = lines[k];
    const prev = k > 0 ? lines[k - 1] : undefined;
    const compound = compoundOf(l);
    if (compound && !l.hasTopColon) return { type: 'SyntaxError', message: "expected ':'", line: l.line };
    const top = cols[cols.length - 1];
    const altTop = alts[alts.length - 1];
    if (l.col === top) {
      if (l.altCol !== altTop) return tabError(l.line);
    } else if (l.col > top) {
      if (l.altCol <= altTop) return tabError(l.line);
      if (!prev?.endsWithColon) return { type: 'IndentationError', message: 'unexpected indent', line: l.line };
      cols.push(l.col); alts.push(l.altCol); lastWord.push(clauseWord(l)); lastLine.push(l.line);
      continue;
    } else {
      while (cols.length > 1 && l.col < cols[cols.length - 1]) { cols.pop(); alts.pop(); lastWord.pop(); lastLine.pop(); }
      if (l.col !== cols[cols.length - 1]) {
        return { type: 'IndentationError', message: 'unindent does not match any outer indentation level', line: l.line };
      }
      if (l.altCol !== alts[alts.length - 1]) return tabError(l.line);
    }
    // not indented deeper than the line before
    if (prev?.endsWithColon) return expectedBlock(prev, l.line);
    const word = clauseWord(l);
    const follows = Object.hasOwn(CLAUSE_AFTER, word) ? CLAUSE_AFTER[word] : undefined;
    // tree-sitter folds the statement before an orphan clause into its error: that line is the opener
    if (follows && !follows.includes(lastWord[lastWord.length - 1])) {
      return { type: 'SyntaxError', message: 'invalid syntax', line: l.line, opener: lastLine[lastLine.length - 1] || l.line };
    }
    lastWord[lastWord.length - 1] = word;
    lastLine[lastLine.length - 1] = l.line;
  }
  const last = lines[lines.length - 1];
  if (last?.endsWithColon) return expectedBlock(last, last.lastLine);
  return null;
}

/** The statements a continuation clause may follow at its own indentation (`else:` after a plain line is an error). */
const CLAUSE_AFTER: Record<string, string[]> = {
  elif: ['if', 'elif'], else: ['if', 'elif', 'for', 'while', 'try', 'except'],
  except: ['try', 'except'], finally: ['try', 'except', 'else'],
};

function clauseWord(l: LogicalLine): string {
  return l.first === 'async' && (l.second === 'for' || l.second === 'with') ? l.second : l.first;
}

function compoundOf(l: LogicalLine): string | undefined {
  const word = l.first === 'async' && (l.second === 'def' || l.second === 'for' || l.second === 'with') ? l.second : l.first;
  return Object.hasOwn(COMPOUND, word) ? COMPOUND[word] : undefined;
}

function expectedBlock(opener: LogicalLine, line: number): TokenError {
  const what = compoundOf(opener);
  return what
    ? { type: 'IndentationError', message: `expected an indented block after ${what} on line ${opener.line}`, line, opener: opener.line }
    : { type: 'IndentationError', message: 'expected an indented block', line, opener: opener.line };
}

const tabError = (line: number): TokenError => ({ type: 'TabError', message: 'inconsistent use of tabs and spaces in indentation', line });
