export interface BuildSummary {
  records: number;
  byStatus: Record<string, number>;
  schema: string;
  source: string;
  release: string | null;
  date: string | null;
  bytes: number;
}

export declare function initBuild(wasm?: unknown): Promise<unknown>;

/** Builds index bytes from dump bytes (official zip, .json or .json.gz; v1 or v2). */
export declare function buildIndex(
  dump: Uint8Array | ArrayBuffer,
  options?: { onProgress?: (stage: 'reading' | 'indexing' | 'writing', done: number, total: number) => void; wasm?: unknown },
): Promise<{ bytes: Uint8Array; summary: BuildSummary }>;
