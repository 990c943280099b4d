import { isAlias, isMap, isNode, isPair, isSeq, type Alias, type Node } from 'yaml';

/** What an alias points at: its anchored node, or why it points at nothing usable. */
export type AliasTarget =
  { ok: true; node: Node; size: number } | { ok: false; reason: 'undefined' | 'recursive' };

/**
 * Resolves the aliases of one YAML document in a single pass, and knows how many values each
 * expands to, so an alias bomb is refused before it is expanded. (`Alias.resolve` of the yaml
 * package walks the whole document per alias, which is quadratic, and follows recursive
 * aliases.) An alias names the last anchor before it in the document, as YAML defines; an alias
 * inside its own anchored node is recursive.
 */
export class YamlAliases {
  private readonly targets = new Map<Alias, AliasTarget>();
  private readonly sizes = new Map<Node, number>();
  private readonly anchors = new Map<string, Node>();
  private readonly open = new Set<Node>();

  constructor(root: unknown, maxDepth: number) {
    this.visit(root, 0, maxDepth);
  }

  target(alias: Alias): AliasTarget {
    return this.targets.get(alias) ?? { ok: false, reason: 'undefined' };
  }

  private visitAlias(alias: Alias): number {
    const node = this.anchors.get(alias.source);
    if (node === undefined) {
      this.targets.set(alias, { ok: false, reason: 'undefined' });
      return 1;
    }
    if (this.open.has(node)) {
      this.targets.set(alias, { ok: false, reason: 'recursive' });
      return 1;
    }
    const size = this.sizes.get(node) ?? 1;
    this.targets.set(alias, { ok: true, node, size });
    return size;
  }

  /** Visits a node in document order and returns how many values it expands to. */
  private visit(value: unknown, depth: number, maxDepth: number): number {
    if (isAlias(value)) return this.visitAlias(value);
    if (!isNode(value)) return 1;
    if (value.anchor !== undefined) this.anchors.set(value.anchor, value);
    this.open.add(value);
    let size = 1;
    // Deeper nodes are refused by the reader; their aliases stay unresolved.
    if ((isSeq(value) || isMap(value)) && depth < maxDepth) {
      for (const item of value.items) {
        if (isPair(item)) {
          size += this.visit(item.key, depth + 1, maxDepth);
          size += this.visit(item.value, depth + 1, maxDepth);
        } else size += this.visit(item, depth + 1, maxDepth);
      }
    }
    this.open.delete(value);
    this.sizes.set(value, size);
    return size;
  }
}
