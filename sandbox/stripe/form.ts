/** A decoded Stripe request: nested objects and arrays of strings. */
export type Params = { [key: string]: ParamValue };
export type ParamValue = string | ParamValue[] | Params;

// Maps whose keys are chosen by the caller; "0", "1" there are keys, not indexes.
const FREE_FORM_MAPS = new Set(["metadata", "payload"]);
const UNSAFE_KEYS = new Set(["__proto__", "constructor", "prototype"]);

/**
 * Decodes Stripe's form encoding (`a[b][0][c]=v`, `expand[]=x`) — the format
 * stripe-node sends as a POST body and as the query of GET and DELETE — into
 * nested objects. Objects keyed 0..n-1 become arrays.
 */
export function parseStripeForm(encoded: string): Params {
  const root: Params = {};
  for (const [rawKey, value] of new URLSearchParams(encoded)) {
    const path = splitKey(rawKey);
    if (!path || path.some((segment) => UNSAFE_KEYS.has(segment))) continue;
    assign(root, path, value);
  }
  return arraysFromIndexedObjects(root, undefined) as Params;
}

function splitKey(key: string): string[] | undefined {
  const match = /^([^[\]]+)((?:\[[^[\]]*\])*)$/.exec(key);
  if (!match) return undefined;
  const [, head = "", brackets = ""] = match;
  const rest = [...brackets.matchAll(/\[([^[\]]*)\]/g)].map((m) => m[1] ?? "");
  return [head, ...rest];
}

function assign(target: Params, path: string[], value: string): void {
  let node = target;
  for (let i = 0; i < path.length - 1; i++) {
    let key = path[i]!;
    if (key === "") key = String(Object.keys(node).length);
    const existing = node[key];
    if (existing === undefined || typeof existing === "string") {
      const child: Params = {};
      node[key] = child;
      node = child;
    } else {
      node = existing as Params;
    }
  }
  let last = path[path.length - 1]!;
  // `expand[]=a&expand[]=b` appends, like qs does.
  if (last === "") last = String(Object.keys(node).length);
  node[last] = value;
}

function arraysFromIndexedObjects(value: ParamValue, parentKey: string | undefined): ParamValue {
  if (typeof value === "string" || Array.isArray(value)) return value;
  const keys = Object.keys(value);
  for (const key of keys) value[key] = arraysFromIndexedObjects(value[key]!, key);
  const freeForm = parentKey !== undefined && FREE_FORM_MAPS.has(parentKey);
  const indexed = keys.length > 0 && keys.every((key) => /^\d+$/.test(key));
  if (freeForm || !indexed) return value;
  return keys
    .map(Number)
    .sort((a, b) => a - b)
    .map((index) => value[String(index)]!);
}
