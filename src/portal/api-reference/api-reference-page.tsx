import type { ComponentChildren } from 'preact';
import type { PageContext } from '../../web/index.ts';
import { Layout } from '../../web/components/layout.tsx';
import { DataTable } from '../../web/components/data-table.tsx';
import type { I18n, MessageKey } from '../../web/i18n/translate.ts';
import type { FieldRow } from './schema-fields.ts';
import type { ApiReference, ContentView, OperationView, ParameterRow, TagGroup } from './reference-model.ts';
import './messages.ts';

/** Where the raw document is served (src/http/openapi.ts); the page links to it for download. */
export const OPENAPI_JSON_URL = '/api/openapi.json';

// Tags the document declares, named and described in both languages; any other tag is shown as the document writes it.
const tagNames: Record<string, MessageKey> = { registry: 'apiDocs.tag.registry', catalog: 'apiDocs.tag.catalog', insights: 'apiDocs.tag.insights', exchange: 'apiDocs.tag.exchange', system: 'apiDocs.tag.system' };
const tagAbout: Record<string, MessageKey> = { registry: 'apiDocs.tagAbout.registry', catalog: 'apiDocs.tagAbout.catalog', insights: 'apiDocs.tagAbout.insights', exchange: 'apiDocs.tagAbout.exchange', system: 'apiDocs.tagAbout.system' };
const locations: Record<string, MessageKey> = { path: 'apiDocs.in.path', query: 'apiDocs.in.query', header: 'apiDocs.in.header', cookie: 'apiDocs.in.cookie' };

/**
 * Text taken from the OpenAPI document is English: on a Persian page it is marked as such, so
 * screen readers switch voice and it reads left to right.
 */
function English({ i18n, children, block }: { i18n: I18n; children: ComponentChildren; block?: boolean }) {
  if (i18n.locale === 'en') return block ? <p>{children}</p> : <>{children}</>;
  return block ? (
    <p lang="en" dir="ltr">
      {children}
    </p>
  ) : (
    <span lang="en" dir="ltr">
      {children}
    </span>
  );
}

/** Markdown's `code` spans, the only markup the document's descriptions use, as <code>. */
export function InlineCode({ text }: { text: string }) {
  const parts = text.split('`');
  // An odd number of back-ticks leaves the last one literal rather than swallowing the rest.
  if (parts.length % 2 === 0) return <>{text}</>;
  return <>{parts.map((part, i) => (i % 2 ? <code key={i}>{part}</code> : part))}</>;
}

/** Code and identifiers read left to right inside a right-to-left page. */
const Ltr = ({ children }: { children: ComponentChildren }) => (
  <code dir="ltr" class="api-code">
    {children}
  </code>
);

function TypeCell({ type, constraints }: { type: string; constraints: string[] }) {
  return (
    <>
      <Ltr>{type}</Ltr>
      {constraints.length ? (
        <ul class="api-constraints">
          {constraints.map((c) => (
            <li key={c}>
              <Ltr>{c}</Ltr>
            </li>
          ))}
        </ul>
      ) : null}
    </>
  );
}

function Description({ i18n, text }: { i18n: I18n; text: string | undefined }) {
  return text ? (
    <English i18n={i18n}>
      <InlineCode text={text} />
    </English>
  ) : null;
}

function ParametersTable({ i18n, op }: { i18n: I18n; op: OperationView }) {
  const { t } = i18n;
  return (
    <DataTable<ParameterRow>
      i18n={i18n}
      caption={t('apiDocs.parameters')}
      rows={op.parameters}
      rowKey={(p) => `${p.in}:${p.name}`}
      columns={[
        {
          header: t('apiDocs.col.name'),
          rowHeader: true,
          cell: (p) => (
            <>
              <Ltr>{p.name}</Ltr>
              <span class="api-sub">
                {locations[p.in] ? t(locations[p.in]!) : <Ltr>{p.in}</Ltr>} · {t(p.required ? 'apiDocs.required' : 'apiDocs.optional')}
              </span>
            </>
          ),
        },
        { header: t('apiDocs.col.type'), cell: (p) => <TypeCell type={p.type} constraints={p.constraints} /> },
        { header: t('apiDocs.col.description'), cell: (p) => <Description i18n={i18n} text={p.description} /> },
      ]}
    />
  );
}

function FieldsTable({ i18n, caption, fields, hideCaption }: { i18n: I18n; caption: string; fields: FieldRow[]; hideCaption?: boolean }) {
  const { t } = i18n;
  return (
    <DataTable<FieldRow>
      i18n={i18n}
      caption={caption}
      hideCaption={hideCaption ?? false}
      rows={fields}
      rowKey={(f) => f.name}
      columns={[
        {
          header: t('apiDocs.col.name'),
          rowHeader: true,
          cell: (f) => (
            <span class={`api-field api-depth-${f.depth}`}>
              <Ltr>{f.name}</Ltr>
              <span class="api-sub">{t(f.required ? 'apiDocs.required' : 'apiDocs.optional')}</span>
            </span>
          ),
        },
        { header: t('apiDocs.col.type'), cell: (f) => <TypeCell type={f.type} constraints={f.constraints} /> },
        { header: t('apiDocs.col.description'), cell: (f) => <Description i18n={i18n} text={f.description} /> },
      ]}
    />
  );
}

/** Media types and the described type of a body, e.g. `application/json` → `object`. */
function ContentSummary({ content }: { content: ContentView }) {
  // Read left to right as a whole, so the arrow points from the media type to its type in Persian too.
  return (
    <span dir="ltr">
      {content.mediaTypes.map((m, i) => (
        <span key={m}>
          {i ? ', ' : null}
          <Ltr>{m}</Ltr>
        </span>
      ))}
      {content.type ? (
        <>
          {' → '}
          <Ltr>{content.type}</Ltr>
        </>
      ) : null}
    </span>
  );
}

function Operation({ i18n, op }: { i18n: I18n; op: OperationView }) {
  const { t } = i18n;
  const headingId = `${op.anchor}-heading`;
  return (
    <article class="api-operation" id={op.anchor} aria-labelledby={headingId}>
      <h3 id={headingId} class="api-endpoint">
        <span dir="ltr">
          <span class={`api-method api-method-${op.method}`}>{op.method.toUpperCase()}</span> <code>{op.path}</code>
        </span>
      </h3>
      <p class="meta">
        <span class={op.tokenRequired ? 'tag tag-token' : 'tag tag-public'}>{t(op.tokenRequired ? 'apiDocs.tokenRequired' : 'apiDocs.public')}</span>
      </p>
      {op.summary ? (
        <English i18n={i18n} block>
          <InlineCode text={op.summary} />
        </English>
      ) : null}
      {op.description ? (
        <English i18n={i18n} block>
          <InlineCode text={op.description} />
        </English>
      ) : null}
      {op.parameters.length ? <ParametersTable i18n={i18n} op={op} /> : null}
      {op.requestBody ? (
        <>
          <h4>{t(op.requestBody.required ? 'apiDocs.requestBody' : 'apiDocs.requestBodyOptional')}</h4>
          <p>
            <ContentSummary content={op.requestBody} />
          </p>
          {op.requestBody.fields.length ? <FieldsTable i18n={i18n} caption={t('apiDocs.bodyFields')} fields={op.requestBody.fields} hideCaption /> : null}
        </>
      ) : null}
      <DataTable
        i18n={i18n}
        caption={t('apiDocs.responses')}
        rows={op.responses}
        rowKey={(r) => r.status}
        columns={[
          { header: t('apiDocs.col.status'), rowHeader: true, cell: (r) => <Ltr>{r.status}</Ltr> },
          { header: t('apiDocs.col.content'), cell: (r) => (r.mediaTypes.length ? <ContentSummary content={r} /> : t('apiDocs.noSchema')) },
          { header: t('apiDocs.col.description'), cell: (r) => <Description i18n={i18n} text={r.description} /> },
        ]}
      />
      {op.responses
        .filter((r) => r.fields.length)
        .map((r) => {
          const caption = t('apiDocs.fields', { status: r.status, count: i18n.n(r.fields.length) });
          if (r.sameFieldsAs) {
            const same = r.sameFieldsAs;
            return (
              <p key={r.status} class="api-fields">
                {t('apiDocs.sameFields', { status: r.status })}{' '}
                <a href={`#${same.anchor}`} class="api-code">
                  <span dir="ltr">
                    {same.method.toUpperCase()} {same.path} → {same.status}
                  </span>
                </a>
              </p>
            );
          }
          return (
            <details key={r.status} class="api-fields">
              <summary>{caption}</summary>
              <FieldsTable i18n={i18n} caption={caption} fields={r.fields} hideCaption />
            </details>
          );
        })}
    </article>
  );
}

const groupId = (group: TagGroup) => `tag-${group.name ? group.name.toLowerCase().replace(/[^a-z0-9]+/g, '-') : 'other'}`;

function GroupName({ i18n, group }: { i18n: I18n; group: TagGroup }) {
  const key = tagNames[group.name];
  if (key) return <>{i18n.t(key)}</>;
  return group.name ? <English i18n={i18n}>{group.name}</English> : <>{i18n.t('apiDocs.tag.other')}</>;
}

function Group({ i18n, group }: { i18n: I18n; group: TagGroup }) {
  const about = tagAbout[group.name];
  const id = groupId(group);
  return (
    <section class="api-group" id={id} aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>
        <GroupName i18n={i18n} group={group} />
      </h2>
      {about ? (
        <p>{i18n.t(about)}</p>
      ) : group.description ? (
        <English i18n={i18n} block>
          <InlineCode text={group.description} />
        </English>
      ) : null}
      {group.operations.map((op) => (
        <Operation key={op.anchor} i18n={i18n} op={op} />
      ))}
      <p class="api-top">
        <a href="#api-contents-heading">{i18n.t('apiDocs.backToTop')}</a>
      </p>
    </section>
  );
}

/** Everything the page says, which depends only on the language and the document. */
export function ApiReferenceContent({ i18n, reference }: { i18n: I18n; reference: ApiReference }) {
  const { t } = i18n;
  return (
    <>
      <h1>{t('apiDocs.title')}</h1>
      <p class="lead">{t('apiDocs.lead')}</p>
      <p class="meta">{t('apiDocs.version', { title: reference.title, version: reference.version, openapi: reference.openapi, count: i18n.n(reference.operationCount) })}</p>
      <p>
        <a href={OPENAPI_JSON_URL} type="application/json">
          {t('apiDocs.download')}
        </a>
        <span class="hint"> {t('apiDocs.downloadHint')}</span>
      </p>
      {i18n.locale === 'fa' ? <p class="notice">{t('apiDocs.englishNote')}</p> : null}

      <nav class="api-contents" aria-labelledby="api-contents-heading">
        <h2 id="api-contents-heading" tabIndex={-1}>
          {t('apiDocs.contents')}
        </h2>
        <ul>
          <li>
            <a href="#authentication">{t('apiDocs.auth.heading')}</a>
          </li>
          <li>
            <a href="#errors">{t('apiDocs.errors.heading')}</a>
          </li>
          {reference.groups.map((group) => (
            <li key={group.name}>
              <a href={`#${groupId(group)}`}>
                <GroupName i18n={i18n} group={group} />
              </a>{' '}
              <span class="meta">({t('apiDocs.operationCount', { count: i18n.n(group.operations.length) })})</span>
            </li>
          ))}
        </ul>
      </nav>

      <section id="authentication" aria-labelledby="authentication-heading">
        <h2 id="authentication-heading">{t('apiDocs.auth.heading')}</h2>
        <p>{t('apiDocs.auth.body')}</p>
        <pre dir="ltr">
          <code>Authorization: Bearer ow_…</code>
        </pre>
        <p>{t('apiDocs.auth.token')}</p>
        <pre dir="ltr">
          <code>onewindow staff token --id STAFF_ID</code>
        </pre>
      </section>

      <section id="errors" aria-labelledby="errors-heading">
        <h2 id="errors-heading">{t('apiDocs.errors.heading')}</h2>
        <p>{t('apiDocs.errors.body')}</p>
      </section>

      {reference.groups.map((group) => (
        <Group key={group.name} i18n={i18n} group={group} />
      ))}
    </>
  );
}

/**
 * The API reference: the OpenAPI document drawn in the site's layout, in Persian or English,
 * with no script (ADR 0015). Operations are grouped by tag; each shows its method and path,
 * summary, whether it needs a staff token, parameters, request body and responses with their fields.
 *
 * The content (some 270 kB of HTML, ~50 operations) is the same for every reader of a language,
 * so it is rendered once per language by `renderedContent` and placed here as that HTML: it is
 * this renderer's own escaped output, never text from a request (ADR 0015).
 */
export function ApiReferencePage({ ctx, contentHtml }: { ctx: PageContext; contentHtml: string }) {
  const { i18n } = ctx;
  return (
    <Layout i18n={i18n} title={i18n.t('apiDocs.title')} url={ctx.url} demo={ctx.demo} staffName={ctx.staffName}>
      <div class="api-reference" dangerouslySetInnerHTML={{ __html: contentHtml }} />
    </Layout>
  );
}
