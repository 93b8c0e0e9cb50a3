import Type, { type TSchema } from 'typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { audiences, lifeEvents, topics } from '../core/taxonomy.ts';
import { deliveryStatuses } from '../core/maturity.ts';
import { agencyCode } from './schemas.ts';
import type { Catalog } from './catalog.ts';
import { pickFilters, queryCatalog } from './catalog-query.ts';

const manyOf = <T extends TSchema>(item: T) => Type.Optional(Type.Array(item, { maxItems: 50 }));

const SearchQuery = Type.Object(
  {
    q: Type.Optional(Type.String({ maxLength: 200, description: 'Words in Persian or English, a service identifier, or an earlier registry code.' })),
    agency: manyOf(agencyCode),
    topic: manyOf(Type.Enum(Object.keys(topics))),
    audience: manyOf(Type.Enum([...audiences])),
    lifeEvent: manyOf(Type.Enum(Object.keys(lifeEvents))),
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
      const answer = await queryCatalog(catalog, { q: q ?? '', filters: pickFilters(filterQuery), offset, limit });
      return { demo: answer.demo, total: answer.total, offset, limit, items: answer.items, facets: answer.facets };
    },
  });
};
