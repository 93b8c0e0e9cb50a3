/**
 * Text PostgreSQL cannot store. A `text` value may not hold NUL (U+0000), and a string with an
 * unpaired UTF-16 surrogate has no UTF-8 form (`jsonb` refuses both, as `\u0000` and as a lone
 * `\uD800` escape). JSON and URLs can carry either, so such input must be refused before it
 * reaches a query — otherwise the database refuses it and the caller sees a 500.
 */
const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export const isStorableText = (s: string): boolean => !s.includes('\0') && !loneSurrogate.test(s);

/** The field-level code of the refusal, in API problems and import reports alike. */
export const INVALID_CHARACTER = 'INVALID_CHARACTER';
export const invalidCharacterMessage = 'contains a NUL character or an unpaired surrogate, which cannot be stored / نویسه‌ی NUL یا نیمه‌ی جفت‌نشده‌ی UTF-16 دارد که ذخیره‌شدنی نیست';

/**
 * JSON-pointer paths (`/inquiries/0/fa`) of the strings in `value` — object keys included,
 * since they end up in `jsonb` too — that cannot be stored; at most `limit` of them. Walks
 * objects and arrays but not bytes (a Buffer body is the import's own business; query
 * strings parse into objects of a prototype of their own, so any object counts), without
 * recursion, so a deeply nested body cannot overflow the stack.
 */
export function unstorableTextPaths(value: unknown, limit = 20): string[] {
  const found: string[] = [];
  const stack: [unknown, string][] = [[value, '']];
  while (stack.length && found.length < limit) {
    const [v, path] = stack.pop()!;
    if (typeof v === 'string') {
      if (!isStorableText(v)) found.push(path);
    } else if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push([v[i], `${path}/${i}`]);
    } else if (v !== null && typeof v === 'object' && !ArrayBuffer.isView(v)) {
      const entries = Object.entries(v as Record<string, unknown>);
      for (let i = entries.length - 1; i >= 0; i--) {
        const [key, child] = entries[i]!;
        const childPath = `${path}/${key.replaceAll('~', '~0').replaceAll('/', '~1')}`;
        if (!isStorableText(key)) found.push(childPath);
        else stack.push([child, childPath]);
      }
    }
  }
  return found.slice(0, limit);
}
