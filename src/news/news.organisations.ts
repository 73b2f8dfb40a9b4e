/** an organisation of the directory as news links to it */
export type LinkedOrganisation = { id: string; slug: string; name: string };

/**
 * What news asks of the directory, whose rules decide what a slug names (a merged organisation's
 * slug names the one kept). The composition root passes the directory's own answers: news reads
 * no organisation by slug itself.
 */
export type NewsOrganisations = {
  /** the organisation each slug names today, by the slug asked; a slug naming none is absent */
  bySlugs(slugs: readonly string[]): Promise<ReadonlyMap<string, LinkedOrganisation>>;
  /** the organisations a person is a member of */
  membershipsOf(userId: string): Promise<LinkedOrganisation[]>;
};

/**
 * The organisations typed for an article, as the directory names them today: each one's id once
 * (a merged organisation and the one kept are one link), and the slugs that name none.
 */
export async function linkOrganisations(
  organisations: NewsOrganisations,
  slugs: readonly string[],
): Promise<{ ids: string[]; unknown: string[] }> {
  const found = await organisations.bySlugs(slugs);
  return {
    ids: [...new Set([...found.values()].map((o) => o.id))],
    unknown: slugs.filter((s) => !found.has(s)),
  };
}

/** an organisation as the directory's picker lists it */
export type PickedOrganisation = LinkedOrganisation & { kind: string; is_demo: boolean };

/** what the directory's picker shows: the organisations ticked, and those a search found */
export type OrganisationChoice = {
  chosen: PickedOrganisation[];
  matches: PickedOrganisation[];
  searched: boolean;
  query: string;
};

/**
 * The directory's organisation picker, passed by the composition root: the organisations the ids
 * ticked name, and (with `search`) those the text finds, for the editor to show.
 */
export type NewsPicker = {
  pick(ids: string[], query: string, search: boolean): Promise<OrganisationChoice>;
};
