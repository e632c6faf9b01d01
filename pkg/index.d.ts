/** What an index holds (from its header). */
export interface IndexInfo {
  /** ROR release, e.g. "v1.74", if the dump's file name said so. */
  release: string | null;
  /** Release date YYYY-MM-DD, if known. */
  date: string | null;
  /** "v1", or "v2" for records converted with ROR's v2→v1 crosswalk. */
  schema: string;
  /** The dump member the records came from. */
  source: string;
  recordCount: number;
  builtBy: string;
  /** Size of the index in bytes (only on a loaded index). */
  bytes?: number;
}

/** A facet bucket of `meta`. */
export interface Bucket {
  id: string;
  title: string | null;
  count: number;
}

/** A v1 organization record (the v1 API's serialization). */
export interface Organization {
  id: string;
  name: string;
  email_address: string | null;
  ip_addresses: string[];
  established: number | null;
  types: string[];
  relationships: { label: string | null; type: string | null; id: string | null }[];
  addresses: Record<string, unknown>[];
  links: string[];
  aliases: string[];
  acronyms: string[];
  status: 'active' | 'inactive' | 'withdrawn' | string;
  wikipedia_url: string | null;
  labels: { label: string; iso639: string | null }[];
  country: { country_name: string | null; country_code: string | null };
  external_ids: Record<string, { preferred: string | null; all: string[] | string }>;
}

/** The v1 list response. */
export interface ListResponse {
  number_of_results: number;
  time_taken: number;
  items: Organization[];
  meta: { types: Bucket[]; countries: Bucket[]; statuses: Bucket[] };
}

/** v1 validation errors (HTTP 200 for lists, 404 for retrieval). */
export interface ErrorResponse {
  errors: string[];
}

export type SearchParams =
  | string
  | URLSearchParams
  | {
      query?: string;
      'query.advanced'?: string;
      filter?: string | string[];
      page?: number | string;
      all_status?: boolean | string;
      [key: string]: unknown;
    };

export type IndexSource = Uint8Array | ArrayBuffer | ArrayBufferView | Response | URL | string;

export interface LoadOptions {
  /** Download progress when the source is fetched. */
  onProgress?: (loaded: number, total: number) => void;
  /** Where the search wasm module comes from (bytes, URL, Response or Module); default: next to index.js. */
  wasm?: unknown;
  fetch?: typeof fetch;
}

export declare function initSearch(wasm?: unknown): Promise<unknown>;
export declare function toBytes(source: IndexSource, options?: LoadOptions): Promise<Uint8Array>;
export declare function peekInfo(source: IndexSource, options?: LoadOptions): Promise<IndexInfo>;

export declare class RorIndex {
  private constructor(raw: unknown);
  /** Loads an index; throws an Error if the bytes are not a valid index of this version. */
  static load(source: IndexSource, options?: LoadOptions): Promise<RorIndex>;
  info(): IndexInfo;
  /** The fields query.advanced accepts (the v1 whitelist), with their type in this index. */
  fields(): { name: string; type: string; analyzer: string | null; matching: string }[];
  /** `GET /v1/organizations/{id}` body. */
  get(id: string): Organization | ErrorResponse;
  /** `GET /v1/organizations?...` body. */
  search(params?: SearchParams): ListResponse | ErrorResponse;
  /** Any v1 path: status, headers and parsed body as the API answered. */
  request(pathAndQuery: string): { status: number; headers: Record<string, string>; body: unknown };
  /** Builds the structures the first advanced query would build (a few hundred ms once); call when idle. */
  warm(): void;
  /** `GET /v1/heartbeat` → "OK". */
  heartbeat(): string;
  /** A fetch-compatible function answering v1 URLs locally. */
  fetch(input: string | URL | Request, init?: RequestInit): Promise<Response>;
  /** A fetch that sends requests for `hosts` (default api.ror.org) to this index and the rest to `original`. */
  wrapFetch(original?: typeof fetch, options?: { hosts?: string[] }): typeof fetch;
  free(): void;
}

export default RorIndex;
