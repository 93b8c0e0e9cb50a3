// `npm run bench`: every benchmark, each printing ratios against a baseline measured in the same run.
// Select some with `npm run bench -- search insights`.
import { benchImport } from './import.ts';
import { benchSearch } from './search.ts';
import { benchSearchLibrary } from './search-library.ts';
import { benchCatalogRefresh } from './search-refresh.ts';
import { benchInsights } from './insights.ts';
import { benchPages } from './pages.ts';
import { benchUsage } from './usage.ts';
import { benchExports } from './exports.ts';

const all: Record<string, () => Promise<void>> = {
  search: async () => {
    await benchSearch();
    await benchSearchLibrary();
  },
  'search-library': () => benchSearchLibrary(),
  'catalog-refresh': () => benchCatalogRefresh(),
  insights: () => benchInsights(),
  import: () => benchImport(),
  pages: () => benchPages(),
  usage: () => benchUsage(),
  exports: () => benchExports(),
};

// `search-library` is a part of `search`, selectable alone.
const wanted = process.argv.slice(2).length ? process.argv.slice(2) : Object.keys(all).filter((name) => name !== 'search-library');
console.log(`# OneWindow benchmarks — ${new Date().toISOString()} — Node ${process.version}`);
for (const name of wanted) {
  const run = all[name];
  if (!run) throw new Error(`Unknown benchmark ${name}; choose from ${Object.keys(all).join(', ')}`);
  await run();
}
