/** Ordering helpers over flat arrays: no per-query allocation beyond what a page needs. */

/**
 * The k smallest keys, sorted. A bounded max-heap when k is small next to the matches: a broad
 * query on a big catalog matches thousands but shows twenty.
 */
export function smallest(keys: Float64Array, k: number): Float64Array {
  if (k * 4 >= keys.length) return keys.sort().subarray(0, Math.min(k, keys.length));
  const heap = new Float64Array(k);
  let size = 0;
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i]!;
    if (size < k) {
      let c = size++;
      while (c > 0) {
        const parent = (c - 1) >> 1;
        if (heap[parent]! >= key) break;
        heap[c] = heap[parent]!;
        c = parent;
      }
      heap[c] = key;
    } else if (key < heap[0]!) {
      let c = 0;
      for (;;) {
        let child = 2 * c + 1;
        if (child >= k) break;
        if (child + 1 < k && heap[child + 1]! > heap[child]!) child++;
        if (heap[child]! <= key) break;
        heap[c] = heap[child]!;
        c = child;
      }
      heap[c] = key;
    }
  }
  return heap.sort();
}

export function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function lowerBound(a: readonly string[], x: string): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Sorts `items` in place, stably, a slice at a time: runs of a few thousand are sorted, then
 * merged pairwise, pausing (yield) every few thousand elements — so a build can sort 100,000
 * documents without holding the event loop for the whole sort.
 */
export function* sortInSteps<T>(items: T[], cmp: (a: T, b: T) => number, run = 4096): Generator<void, T[]> {
  const n = items.length;
  for (let lo = 0; lo < n; lo += run) {
    const sorted = items.slice(lo, lo + run).sort(cmp);
    for (let i = 0; i < sorted.length; i++) items[lo + i] = sorted[i]!;
    yield;
  }
  let src = items;
  let dst: T[] = new Array<T>(n);
  for (let width = run; width < n; width *= 2) {
    for (let lo = 0; lo < n; lo += 2 * width) {
      const mid = Math.min(lo + width, n);
      const hi = Math.min(lo + 2 * width, n);
      let i = lo;
      let j = mid;
      for (let k = lo; k < hi; k++) {
        dst[k] = j >= hi || (i < mid && cmp(src[i]!, src[j]!) <= 0) ? src[i++]! : src[j++]!;
        if ((k & 4095) === 4095) yield;
      }
    }
    [src, dst] = [dst, src];
  }
  if (src !== items) for (let k = 0; k < n; k++) items[k] = src[k]!;
  return items;
}
