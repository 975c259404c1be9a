// A plain-JS copy of a tree-sitter tree, made in one cursor walk. Loop detection visits nodes many times (call
// graph, lr chains); every access to a web-tree-sitter node crosses into wasm, which made a 2,400-line file take
// seconds. The copy keeps only what the analysis reads.
import type { SyntaxNode } from '../python/parser';

export interface Point { row: number; column: number }

export class LiteNode {
  readonly namedChildren: LiteNode[] = [];
  private fields: [string, LiteNode][] | undefined;
  constructor(
    readonly id: number,
    readonly type: string,
    readonly parent: LiteNode | null,
    readonly startPosition: Point,
    readonly endPosition: Point,
    private readonly source: string,
    private readonly startIndex: number,
    private readonly endIndex: number,
  ) {}

  get text(): string { return this.source.slice(this.startIndex, this.endIndex); }

  childForFieldName(name: string): LiteNode | null {
    if (this.fields) for (const [f, n] of this.fields) if (f === name) return n;
    return null;
  }

  /** @internal */ addField(name: string, n: LiteNode): void { (this.fields ??= []).push([name, n]); }
}

/** Copies the named nodes under `root` (fields of named children included). */
export function liteTree(root: SyntaxNode): LiteNode {
  // Indices are offsets into the parsed string; the root's own text starts at its start index.
  const source = root.text;
  const base = root.startIndex;
  const c = root.walk();
  let next = 0;
  const make = (parent: LiteNode | null): LiteNode =>
    new LiteNode(next++, c.nodeType, parent, c.startPosition, c.endPosition, source, c.startIndex - base, c.endIndex - base);
  const top = make(null);
  // Depth-first over every node; anonymous nodes (punctuation, keywords) are kept only as fields (operators).
  const stack: LiteNode[] = [top];
  if (c.gotoFirstChild()) {
    for (;;) {
      const parent = stack[stack.length - 1];
      let descended = false;
      const field = c.currentFieldName;
      if (c.nodeIsNamed) {
        const n = make(parent);
        parent.namedChildren.push(n);
        if (field) parent.addField(field, n);
        if (c.gotoFirstChild()) { stack.push(n); descended = true; }
      } else if (field) {
        parent.addField(field, make(parent)); // an operator: `-=`, `*` (a field, never a named child)
      }
      if (descended) continue;
      while (!c.gotoNextSibling()) {
        if (!c.gotoParent() || stack.length === 1) { c.delete(); return top; }
        stack.pop();
      }
    }
  }
  c.delete();
  return top;
}
