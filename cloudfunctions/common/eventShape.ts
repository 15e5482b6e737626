/**
 * What an event may look like before anything else touches it: nested at most MAX_EVENT_DEPTH
 * deep, and numbers only finite. Checked iteratively: the point is to refuse inputs that would
 * overflow the stack of a recursive walk (JSON.stringify, validation), so this walk must not recurse.
 * Used by createMain (on WeChat) and by the local cloud's HTTP layer (before it re-serialises a body).
 */
import { MAX_EVENT_DEPTH } from '../../src/domain/contracts';

export const TOO_DEEP_MESSAGE = '请求嵌套层级过深';
export const NOT_FINITE_MESSAGE = '数值无效（必须是有限数字）';

export type ShapeProblem = { kind: 'too_deep' } | { kind: 'not_finite'; path: string[] };

interface Node {
  value: unknown;
  depth: number;
  key: string;
  parent: Node | null;
}

function pathOf(node: Node): string[] {
  const path: string[] = [];
  for (let n: Node | null = node; n && n.parent; n = n.parent) path.push(n.key);
  return path.reverse();
}

/**
 * The first problem in document order, or null. A cycle (never in JSON) counts as too deep.
 * `numbers: false` looks at the depth alone.
 */
export function findShapeProblem(value: unknown, opts: { maxDepth?: number; numbers?: boolean } = {}): ShapeProblem | null {
  const { maxDepth = MAX_EVENT_DEPTH, numbers = true } = opts;
  const stack: Node[] = [{ value, depth: 0, key: '', parent: null }];
  while (stack.length > 0) {
    const node = stack.pop()!;
    const v = node.value;
    if (typeof v === 'number') {
      if (numbers && !Number.isFinite(v)) return { kind: 'not_finite', path: pathOf(node) };
      continue;
    }
    if (typeof v !== 'object' || v === null) continue;
    const depth = node.depth + 1;
    if (depth > maxDepth) return { kind: 'too_deep' };
    const keys = Object.keys(v);
    // pushed last to first, so the first key is looked at first
    for (let i = keys.length - 1; i >= 0; i--) {
      stack.push({ value: (v as Record<string, unknown>)[keys[i]], depth, key: keys[i], parent: node });
    }
  }
  return null;
}
