/**
 * The catalogue block of the `Store` contract: every saved version of the catalogue (services,
 * SLA policies, calendars, trackers, selector overrides) with who saved it, when and why.
 * Versions are append-only; "back to version 3" saves a new version with version 3's body.
 */

export interface CatalogueVersionRow {
  version: number;
  /** The catalogue's JSON, as validated by `server/catalogue/catalogue.ts`. */
  body: string;
  actor: string;
  at: string;
  note: string | null;
}

export interface CatalogueStore {
  /** The newest version, or null before the first save. */
  latestCatalogue(): Promise<CatalogueVersionRow | null>;
  catalogueVersion(version: number): Promise<CatalogueVersionRow | null>;
  /** Newest first. */
  catalogueVersions(limit: number): Promise<CatalogueVersionRow[]>;
  /**
   * Saves `basedOn + 1` when the newest stored version is still `basedOn` (`null`: none yet), in one
   * transaction; `conflict` when someone (another admin, another instance) saved in between.
   */
  saveCatalogue(entry: Omit<CatalogueVersionRow, 'version'>, basedOn: number | null): Promise<number | 'conflict'>;
}
