/**
 * The value kept under `key`, built and kept on first use: Intl formatters cost far more to
 * build than to use, and screens format figures on every frame.
 */
export function cached<K, V>(cache: Map<K, V>, key: K, build: () => V): V {
  let value = cache.get(key);
  if (value === undefined) cache.set(key, (value = build()));
  return value;
}
