/** Marks the matched parts of a text. Ranges are [start, end) offsets, sorted, not overlapping. */
export function Highlight({ text, ranges }: { text: string; ranges?: readonly (readonly [number, number])[] }) {
  if (!ranges?.length) return <>{text}</>;
  const parts = [];
  let at = 0;
  for (const [rawStart, rawEnd] of ranges) {
    // Ranges come from the search engine; clamp them so a stale or odd range cannot break the text.
    const start = Math.max(at, Math.min(rawStart, text.length));
    const end = Math.max(start, Math.min(rawEnd, text.length));
    if (start > at) parts.push(text.slice(at, start));
    if (end > start) parts.push(<mark key={start}>{text.slice(start, end)}</mark>);
    at = end;
  }
  if (at < text.length) parts.push(text.slice(at));
  return <>{parts}</>;
}
