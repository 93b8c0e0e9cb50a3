import { ConfigSchema } from './schema.ts';

/** Renders docs/configuration.md from the schema; a test keeps the file in step. */
export function configurationMarkdown(): string {
  const lines = [
    '# Configuration',
    '',
    '<!-- Generated from src/config/schema.ts by `npm run docs`. Do not edit by hand. -->',
    '',
    'Every setting is an environment variable, validated at start-up: a wrong value stops the process with a message naming the setting.',
    '',
    '| Variable | Type | Default | Description |',
    '|---|---|---|---|',
  ];
  for (const [name, raw] of Object.entries(ConfigSchema.properties)) {
    const s = raw as { type?: string; anyOf?: { const?: unknown }[]; default?: unknown; description?: string; minimum?: number; maximum?: number; pattern?: string };
    const type = s.anyOf ? s.anyOf.map((o) => `\`${String(o.const)}\``).join(' \\| ') : `${s.type ?? 'string'}${s.minimum !== undefined ? ` ≥ ${s.minimum}` : ''}${s.maximum !== undefined ? ` ≤ ${s.maximum}` : ''}`;
    const def = s.default === undefined ? '—' : `\`${String(s.default).replaceAll('|', '\\|')}\``;
    lines.push(`| \`${name}\` | ${type} | ${def} | ${(s.description ?? '').replaceAll('|', '\\|')} |`);
  }
  return lines.join('\n') + '\n';
}
