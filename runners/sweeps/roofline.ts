// The physical limit of decode: every generated token must read the weights (and the KV cache) from GPU memory, so
// tokens/s can never exceed bandwidth / bytes-per-token. Percent of that limit says how close a decode figure is.

/** Bytes in a terabyte as GPU vendors count bandwidth (decimal). */
const BYTES_PER_TB = 1e12;

export type GpuBandwidth = {gpu: string; bandwidth_tb_s: number};

/** Decode roofline in tokens/s; null when either input is unknown or not positive. */
export function rooflineTokS(
  bytesPerToken: number | null | undefined,
  bandwidthTbS: number | null | undefined
): number | null {
  if (!(bytesPerToken! > 0) || !(bandwidthTbS! > 0)) return null;
  return (bandwidthTbS! * BYTES_PER_TB) / bytesPerToken!;
}

/** Percent of the roofline achieved; null when the roofline is unknown. */
export function rooflinePct(tokS: number | null | undefined, roofline: number | null | undefined): number | null {
  if (tokS == null || !(roofline! > 0)) return null;
  return (tokS / roofline!) * 100;
}

/**
 * Finds a GPU's bandwidth in the reference table (data/reference/gpu-bandwidth.csv). Tools spell the name in several
 * ways ("NVIDIA H100 80GB HBM3", "CUDA0: NVIDIA H100 80GB HBM3 (81079 MiB)"), so an exact match wins, then the
 * longest table name contained in the given one. null when the GPU is not in the table.
 */
export function findBandwidth(gpu: string | null | undefined, table: readonly GpuBandwidth[]): GpuBandwidth | null {
  if (!gpu) return null;
  const g = gpu.toLowerCase();
  const exact = table.find((r) => r.gpu.toLowerCase() === g);
  if (exact) return exact;
  const contained = table.filter((r) => g.includes(r.gpu.toLowerCase())).sort((a, b) => b.gpu.length - a.gpu.length);
  return contained[0] ?? null;
}
