// Decode roofline: bandwidth / bytes per token, and the GPU name matching against data/reference/gpu-bandwidth.csv.
import {readFileSync} from "node:fs";
import {csvParse} from "d3-dsv";
import {describe, expect, it} from "vitest";
import {findBandwidth, rooflinePct, rooflineTokS} from "../../runners/sweeps/roofline.ts";

const TABLE = csvParse(readFileSync("data/reference/gpu-bandwidth.csv", "utf8")).map((r) => ({gpu: r.gpu!, bandwidth_tb_s: Number(r.bandwidth_tb_s)}));

describe("rooflineTokS / rooflinePct", () => {
  it("give the H100 SXM limit for Llama-3-8B bf16 weights (16.06 GB per token)", () => {
    const roof = rooflineTokS(16.06e9, 3.35)!;
    expect(roof).toBeCloseTo(208.593, 3);
    expect(rooflinePct(150, roof)).toBeCloseTo(71.91, 2);
  });

  it("are null when model size or bandwidth is unknown", () => {
    expect(rooflineTokS(null, 3.35)).toBeNull();
    expect(rooflineTokS(1e9, undefined)).toBeNull();
    expect(rooflinePct(100, null)).toBeNull();
  });
});

describe("findBandwidth(gpu, table)", () => {
  it("matches exact names, names with device prefixes, and nothing for GPUs not in the table", () => {
    expect(findBandwidth("NVIDIA H100 80GB HBM3", TABLE)?.bandwidth_tb_s).toBe(3.35);
    expect(findBandwidth("CUDA0: NVIDIA H100 80GB HBM3 (81079 MiB)", TABLE)?.bandwidth_tb_s).toBe(3.35);
    expect(findBandwidth("NVIDIA H100 PCIe", TABLE)?.bandwidth_tb_s).toBe(2.0);
    expect(findBandwidth("NVIDIA GB10 (SM121)", TABLE)).toBeNull();
    expect(findBandwidth(null, TABLE)).toBeNull();
  });
});
