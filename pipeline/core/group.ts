/** Append `value` to the list of `key` in `map`, in place (a copy per push would make grouping quadratic). */
export function pushTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/**
 * Append every item of `items` to `list`, in place. `list.push(...items)` passes each item as an argument,
 * which overflows the call stack past some hundred thousand items: never use it on a list that grows with
 * the input.
 */
export function appendAll<T>(list: T[], items: Iterable<T>): T[] {
  for (const item of items) list.push(item);
  return list;
}
