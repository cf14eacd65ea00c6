import {readFileSync} from "node:fs";
import {resolve} from "node:path";
import {describe, expect, it} from "vitest";
import {FAST_KERNEL, kernelFromLog, resolveKernel} from "../../runners/eval/kernels.ts";

// vLLM's own lines (awq_marlin.py override_quantization_method, config.py _verify_quantization), as servers print them.
const FORCED =
  "(APIServer pid=376429) INFO 02-23 16:58:32 [awq_marlin.py:166] Detected that the model can run with awq_marlin, however you specified quantization=awq explicitly, so forcing awq. Use quantization=awq_marlin for faster inference";
const SLOW = "WARNING 06-17 13:04:11 [config.py:931] awq quantization is not fully optimized yet. The speed can be slower than non-quantized models.";
const FAST = "INFO 09-17 10:00:01 [awq_marlin.py:113] The model is convertible to awq_marlin during runtime. Using awq_marlin kernel.";

describe("kernelFromLog(log)", () => {
  it("reads the forced slow kernel and the fast one vLLM offered", () => {
    expect(kernelFromLog(`INFO starting\n${FORCED}\n${SLOW}\nINFO ready`)).toEqual({selected: "awq", fastAvailable: "awq_marlin", evidence: [FORCED, SLOW]});
  });
  it("reads the fast kernel", () => {
    expect(kernelFromLog(FAST)).toEqual({selected: "awq_marlin", fastAvailable: null, evidence: [FAST]});
  });
  it("knows the fast kernel from the warning alone", () => {
    expect(kernelFromLog(SLOW)).toMatchObject({selected: "awq", fastAvailable: "awq_marlin"});
  });
  it("says nothing about a log without these lines", () => {
    expect(kernelFromLog("INFO Using FLASH_ATTN backend.")).toEqual({selected: null, fastAvailable: null, evidence: []});
  });
});

describe("kernelFromLog on a real vLLM server log (corpus 8d75fe48, human run)", () => {
  it("reads vLLM's fp8 warning as the fp8 kernel with no faster one known: no slow-kernel flag", () => {
    const file = resolve("../shared/isobench/claude_code/results/separate_agent/8d75fe48_human_result.json");
    const k = kernelFromLog(readFileSync(file, "utf8").replaceAll("\\n", "\n"));
    expect(k).toEqual({
      selected: "fp8",
      fastAvailable: null,
      evidence: ["WARNING 01-10 06:44:31 config.py:218] fp8 quantization is not fully optimized yet. The speed can be slower than non-quantized models."]
    });
  });
});

describe("resolveKernel(quantization, log)", () => {
  it("takes an explicit quantization=gptq as the slow kernel when the log is silent", () => {
    expect(resolveKernel("gptq")).toEqual({selected: "gptq", fastAvailable: "gptq_marlin", evidence: ['quantization="gptq" requested explicitly (vLLM runs the requested kernel)']});
    expect(resolveKernel("none")).toEqual({selected: null, fastAvailable: null, evidence: []});
  });
  it("believes the log over the request", () => {
    expect(resolveKernel("awq", FAST).selected).toBe("awq_marlin");
  });
});

describe("FAST_KERNEL", () => {
  it("names only kernels real vLLM offers (its --quantization choices in a corpus server log)", () => {
    const file = resolve("../shared/isobench/claude_code/results/separate_baseline/ccf02fcb_baseline_result.json");
    const help = readFileSync(file, "utf8");
    const choices = /--quantization \{([^}]+)\}/.exec(help)![1].split(",");
    for (const [slow, fast] of Object.entries(FAST_KERNEL)) {
      expect(choices).toContain(slow);
      expect(choices).toContain(fast);
    }
  });
});
