// Which active rules can apply to a (product, warehouse) pair, found through maps by scope instead of
// testing every rule against every pair: 10,000 changed pairs × 1,000 rules would be ten million
// checks, while a pair usually falls under a handful of rules.
import { type AlertRuleRow } from './alert-rule';

export type GroupParents = ReadonlyMap<number, number | null>;

export type RuleIndex = {
  /**
   * The rules whose scope covers this product in this warehouse (each rule once). The array may be
   * shared between calls: read it, never change it.
   */
  candidates(productId: number, groupId: number | null, warehouseId: number): readonly AlertRuleRow[];
  readonly size: number;
};

/** Hierarchies are shallow; the cap only stops a cycle in hand-edited data from hanging evaluation. */
const maxGroupDepth = 64;

export function buildRuleIndex(rules: readonly AlertRuleRow[], groupParents: GroupParents): RuleIndex {
  const everywhere: AlertRuleRow[] = [];
  const byWarehouse = new Map<number, AlertRuleRow[]>();
  const byGroup = new Map<number, AlertRuleRow[]>();
  const byProduct = new Map<number, AlertRuleRow[]>();
  const push = (map: Map<number, AlertRuleRow[]>, key: number, rule: AlertRuleRow): void => {
    const list = map.get(key);
    if (list) list.push(rule);
    else map.set(key, [rule]);
  };
  for (const rule of rules) {
    if (rule.scope === 'all') everywhere.push(rule);
    else if (rule.scope === 'warehouse' && rule.warehouseId !== null) push(byWarehouse, rule.warehouseId, rule);
    else if (rule.scope === 'group' && rule.groupId !== null) push(byGroup, rule.groupId, rule);
    else if (rule.scope === 'product' && rule.productId !== null) push(byProduct, rule.productId, rule);
  }

  // The group and all its ancestors, computed once per group: a rule on «Молочные продукты» covers
  // products of «Молоко» under it.
  const ancestorRules = new Map<number, AlertRuleRow[]>();
  const rulesOfGroupChain = (groupId: number): AlertRuleRow[] => {
    const cached = ancestorRules.get(groupId);
    if (cached) return cached;
    const found: AlertRuleRow[] = [];
    const seen = new Set<number>();
    let current: number | null | undefined = groupId;
    for (let depth = 0; current !== null && current !== undefined && depth < maxGroupDepth && !seen.has(current); depth += 1) {
      seen.add(current);
      const list = byGroup.get(current);
      if (list) found.push(...list);
      current = groupParents.get(current);
    }
    ancestorRules.set(groupId, found);
    return found;
  };

  // Everything but the product rules depends only on (group, warehouse): computed once per
  // combination and shared, so a pair costs a map lookup, not a fresh list.
  const onWarehouse = (list: readonly AlertRuleRow[] | undefined, warehouseId: number): AlertRuleRow[] =>
    list ? list.filter((rule) => rule.warehouseId === null || rule.warehouseId === warehouseId) : [];
  const shared = new Map<number, Map<number | null, readonly AlertRuleRow[]>>();
  const sharedCandidates = (groupId: number | null, warehouseId: number): readonly AlertRuleRow[] => {
    let byGroupId = shared.get(warehouseId);
    if (!byGroupId) {
      byGroupId = new Map();
      shared.set(warehouseId, byGroupId);
    }
    const found = byGroupId.get(groupId);
    if (found) return found;
    // A rule with a warehouse applies only there; scope 'warehouse' always has one.
    const list = [...onWarehouse(everywhere, warehouseId), ...onWarehouse(byWarehouse.get(warehouseId), warehouseId)];
    if (groupId !== null && byGroup.size > 0) list.push(...onWarehouse(rulesOfGroupChain(groupId), warehouseId));
    byGroupId.set(groupId, list);
    return list;
  };

  return {
    size: rules.length,
    candidates(productId, groupId, warehouseId) {
      const common = sharedCandidates(groupId, warehouseId);
      const own = byProduct.get(productId);
      if (!own) return common;
      const mine = onWarehouse(own, warehouseId);
      return mine.length === 0 ? common : [...common, ...mine];
    },
  };
}
