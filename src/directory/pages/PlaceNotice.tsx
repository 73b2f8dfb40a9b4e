import type { PageContext } from '../../web/context.ts';
import type { SearchResult } from '../directory.schema.ts';

/** a place typed in the search box: its organisations are included, and the commune alone is a link */
export function PlaceNotice({
  ctx,
  result,
  queryString,
}: {
  ctx: PageContext;
  result: Pick<SearchResult, 'place'>;
  queryString: (changes: Record<string, string | string[] | undefined>) => string;
}) {
  const { place } = result;
  if (!place) return null;
  const d = ctx.t.directory;
  const alone = queryString({ q: undefined, commune: [place.code], page: undefined });
  return (
    <p className="place-notice">
      {d.placeIncluded(place.name)}{' '}
      <a href={ctx.href(`/annuaire${alone}`)}>{d.placeOnly(place.name)}</a>
    </p>
  );
}
