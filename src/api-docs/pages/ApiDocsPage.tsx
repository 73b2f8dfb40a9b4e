import type { PageContext } from '../../web/context.ts';
import { Layout } from '../../web/Layout.tsx';
import { ScrollRegion } from '../../web/ScrollRegion.tsx';
import { bodyOf, type Endpoint, type OpenApiDocument, typeOf, valuesOf } from '../openapi-doc.ts';
import { Prose, SchemaView } from './SchemaView.tsx';

/** an error code the API may answer with, with its status and message in the reader's language */
export type ErrorCode = { code: string; status: number; message: string };

function Parameters({ ctx, endpoint }: { ctx: PageContext; endpoint: Endpoint }) {
  const d = ctx.t.apiDocs;
  const parameters = endpoint.operation.parameters ?? [];
  if (parameters.length === 0) return null;
  return (
    <ScrollRegion label={`${d.parameters} — ${endpoint.method} ${endpoint.path}`}>
      <table>
        <caption>
          {d.parameters} — {endpoint.method} {endpoint.path}
        </caption>
        <thead>
          <tr>
            <th scope="col">{d.name}</th>
            <th scope="col">{d.in}</th>
            <th scope="col">{d.type}</th>
            <th scope="col">{d.description}</th>
          </tr>
        </thead>
        <tbody>
          {parameters.map((p) => (
            <tr key={`${p.in}-${p.name}`}>
              <th scope="row">
                <code>{p.name}</code>
                {p.required && <strong className="schema-required"> {d.required}</strong>}
              </th>
              <td>{d.places[p.in as keyof typeof d.places] ?? p.in}</td>
              <td>
                <code>{typeOf(p.schema)}</code>
                {valuesOf(p.schema).length > 0 && (
                  <>
                    {' '}
                    {d.values} <code>{valuesOf(p.schema).join(', ')}</code>
                  </>
                )}
              </td>
              <td>
                <Prose text={p.description ?? p.schema?.description} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollRegion>
  );
}

function Responses({ ctx, endpoint }: { ctx: PageContext; endpoint: Endpoint }) {
  const d = ctx.t.apiDocs;
  const responses = Object.entries(endpoint.operation.responses ?? {});
  return (
    <>
      <h4>{d.responses}</h4>
      <ul className="responses">
        {responses.map(([status, response]) => {
          const body = bodyOf(response.content);
          const failure = Number(status) >= 400;
          return (
            <li key={status}>
              <strong>{status}</strong> {d.statusText(Number(status))}
              {response.description && response.description !== 'Default Response' && (
                <>
                  {' '}
                  — <Prose text={response.description} />
                </>
              )}
              {failure && <> — {d.errorEnvelope}</>}
              {body && !failure && (
                <details>
                  <summary>
                    {d.responseBody(status)} <code>{body.type}</code>
                  </summary>
                  <SchemaView ctx={ctx} schema={body.schema} />
                </details>
              )}
            </li>
          );
        })}
      </ul>
    </>
  );
}

function EndpointView({ ctx, endpoint }: { ctx: PageContext; endpoint: Endpoint }) {
  const d = ctx.t.apiDocs;
  const { operation } = endpoint;
  const request = bodyOf(operation.requestBody?.content);
  return (
    <section className="endpoint" aria-labelledby={endpoint.id}>
      <h3 id={endpoint.id}>
        <span className={`method method-${endpoint.method.toLowerCase()}`}>{endpoint.method}</span>{' '}
        <code>{endpoint.path}</code>
      </h3>
      {operation.summary && (
        <p>
          <strong>
            <Prose text={operation.summary} />
          </strong>
        </p>
      )}
      {operation.description && (
        <p>
          <Prose text={operation.description} />
        </p>
      )}
      <Parameters ctx={ctx} endpoint={endpoint} />
      {request && (
        <>
          <h4>
            {d.requestBody} <code>{request.type}</code>
          </h4>
          <SchemaView ctx={ctx} schema={request.schema} />
        </>
      )}
      <Responses ctx={ctx} endpoint={endpoint} />
    </section>
  );
}

function ErrorCodes({ ctx, errors }: { ctx: PageContext; errors: ErrorCode[] }) {
  const d = ctx.t.apiDocs;
  return (
    <section aria-labelledby="errors">
      <h2 id="errors">{d.errorsTitle}</h2>
      <p>
        <Prose text={d.errorsIntro} />
      </p>
      <ScrollRegion label={d.errorsTitle}>
        <table>
          <caption>{d.errorsTitle}</caption>
          <thead>
            <tr>
              <th scope="col">{d.code}</th>
              <th scope="col">{d.status}</th>
              <th scope="col">{d.message}</th>
            </tr>
          </thead>
          <tbody>
            {errors.map((e) => (
              <tr key={e.code}>
                <th scope="row">
                  <code>{e.code}</code>
                </th>
                <td>{e.status}</td>
                <td>{e.message}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollRegion>
    </section>
  );
}

/** The API's reference, drawn on the server from its OpenAPI document: no script needed. */
export function ApiDocsPage({
  ctx,
  doc,
  groups,
  errors,
}: {
  ctx: PageContext;
  doc: OpenApiDocument;
  groups: { tag: string; endpoints: Endpoint[] }[];
  errors: ErrorCode[];
}) {
  const d = ctx.t.apiDocs;
  const tagName = (tag: string) => d.tags[tag as keyof typeof d.tags] ?? tag;
  return (
    <Layout
      ctx={ctx}
      title={d.title}
      breadcrumbs={[{ label: ctx.t.nav.home, href: '/' }, { label: d.title }]}
    >
      <h1>{d.title}</h1>
      <p>{d.intro(doc.info?.version ?? '1')}</p>
      <ul>
        <li>
          <Prose text={d.auth} />
        </li>
        <li>
          <Prose text={d.language} />
        </li>
        <li>
          <Prose text={d.errorsShort} /> <a href="#errors">{d.errorsTitle}</a>
        </li>
        <li>{d.english}</li>
      </ul>
      <p>
        <a href="/api/openapi.json">{d.openapi}</a> · <a href="/api/docs/explorer/">{d.explorer}</a>
      </p>
      <nav aria-labelledby="api-contents">
        <h2 id="api-contents">{d.contents}</h2>
        <ul className="columns">
          {groups.map((g) => (
            <li key={g.tag}>
              <a href={`#tag-${g.tag}`}>{tagName(g.tag)}</a> ({g.endpoints.length})
            </li>
          ))}
          <li>
            <a href="#errors">{d.errorsTitle}</a>
          </li>
        </ul>
      </nav>
      {groups.map((g) => (
        <section key={g.tag} aria-labelledby={`tag-${g.tag}`}>
          <h2 id={`tag-${g.tag}`}>{tagName(g.tag)}</h2>
          <ul>
            {g.endpoints.map((e) => (
              <li key={e.id}>
                <a href={`#${e.id}`}>
                  <code>
                    {e.method} {e.path}
                  </code>
                </a>
                {e.operation.summary && <> — {e.operation.summary}</>}
              </li>
            ))}
          </ul>
          {g.endpoints.map((e) => (
            <EndpointView key={e.id} ctx={ctx} endpoint={e} />
          ))}
        </section>
      ))}
      <ErrorCodes ctx={ctx} errors={errors} />
    </Layout>
  );
}
