import Type, { type TSchema } from 'typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { audiences, topics } from '../core/taxonomy.ts';
import { deliveryStatuses, maturityNames, deliveryStatusNames, type MaturityLevel, type DeliveryStatus } from '../core/maturity.ts';
import { agencyCode } from './schemas.ts';
import type { Catalog } from './catalog.ts';
import { facetNames, type FacetName } from './search/index.ts';

const manyOf = <T extends TSchema>(item: T) => Type.Optional(Type.Array(item, { maxItems: 50 }));

const SearchQuery = Type.Object(
  {
    q: Type.Optional(Type.String({ maxLength: 200, description: 'Words in Persian or English, a service identifier, or an earlier registry code.' })),
    agency: manyOf(agencyCode),
    topic: manyOf(Type.Enum(Object.keys(topics))),
    audience: manyOf(Type.Enum([...audiences])),
    maturity: manyOf(Type.Enum(['0', '1', '2', '3', '4', '5'])),
    delivery: manyOf(Type.Enum([...deliveryStatuses])),
    offset: Type.Integer({ minimum: 0, maximum: 10_000, default: 0 }),
    limit: Type.Integer({ minimum: 1, maximum: 100, default: 20 }),
  },
  { additionalProperties: false },
);

export const catalogRoutes: FastifyPluginAsyncTypebox<{ catalog: Catalog }> = async (app, { catalog }) => {
  app.get('/catalog/search', {
    config: { access: 'public' },
    schema: {
      tags: ['catalog'],
      summary: 'Search the catalog of active services',
      description:
        'Persian and English with Persian normalisation (ي/ك, zero-width non-joiner, digits, diacritics), prefix and typo tolerance. ' +
        'Values of one facet are OR-ed, facets are AND-ed; facet counts exclude their own filter. Highlights are [start, end) offsets into the returned text.',
      querystring: SearchQuery,
    },
    handler: async (req) => {
      const { q, offset, limit, ...filterQuery } = req.query;
      const filters = Object.fromEntries(facetNames.flatMap((f) => (filterQuery[f]?.length ? [[f, filterQuery[f]]] : []))) as Partial<Record<FacetName, string[]>>;
      const { result, snapshot } = await catalog.search({ q: q ?? '', filters, offset, limit });
      const label = (facet: FacetName, value: string) => {
        if (facet === 'agency') return snapshot.agencyNames.get(value) ?? { fa: value, en: value };
        if (facet === 'topic') return topics[value as keyof typeof topics];
        if (facet === 'maturity') return { fa: maturityNames[Number(value) as MaturityLevel].fa, en: maturityNames[Number(value) as MaturityLevel].en };
        if (facet === 'delivery') return deliveryStatusNames[value as DeliveryStatus];
        return { fa: value, en: value };
      };
      return {
        demo: snapshot.demo,
        total: result.total,
        offset,
        limit,
        items: result.hits.map((hit) => ({
          ...snapshot.entries.get(hit.id)!,
          agencyName: snapshot.agencyNames.get(snapshot.entries.get(hit.id)!.agencyCode),
          score: hit.score,
          highlights: hit.highlights,
        })),
        facets: Object.fromEntries(facetNames.map((f) => [f, result.facets[f].map((c) => ({ ...c, label: label(f, c.value) }))])),
      };
    },
  });
};
