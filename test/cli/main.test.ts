import {describe, expect, it, vi} from "vitest";
import {COMMANDS, formatMainHelp, main} from "../../runners/cli/main.ts";
import {formatHelp, parseCommand, type CommandSpec} from "../../runners/cli/args.ts";
import {CliError} from "../../runners/errors.ts";

const spec: CommandSpec = {
  name: "demo",
  summary: "A demo.",
  usage: "<x>",
  options: {warehouse: {type: "string", value: "<dir>", description: "Where"}, quick: {type: "boolean", description: "Fast"}},
  positionals: {min: 1, max: 1, name: "x"}
};

describe("parseCommand(spec, argv)", () => {
  it("parses options and positionals", () => {
    expect(parseCommand(spec, ["a", "--warehouse", "w", "--quick"])).toMatchObject({values: {warehouse: "w", quick: true}, positionals: ["a"]});
  });
  it("rejects an unknown flag with exit code 2 and names the command", () => {
    expect(() => parseCommand(spec, ["a", "--nope"])).toThrow(CliError);
    try {
      parseCommand(spec, ["a", "--nope"]);
    } catch (e) {
      expect((e as CliError).exitCode).toBe(2);
      expect((e as CliError).message).toContain("benchbook demo");
      expect((e as CliError).message).toContain("--nope");
    }
  });
  it("rejects a missing positional", () => {
    expect(() => parseCommand(spec, [])).toThrow(/missing x/);
  });
  it("help lists every option with its placeholder", () => {
    const help = formatHelp(spec);
    expect(help).toContain("--warehouse <dir>");
    expect(help).toContain("--quick");
    expect(help).toContain("--help");
  });
});

describe("main(argv)", () => {
  it("lists every command in --help", () => {
    for (const name of Object.keys(COMMANDS)) expect(formatMainHelp()).toContain(name);
  });
  it("unknown command exits 2", async () => {
    const err = vi.spyOn(console, "error").mockImplementation(() => {});
    expect(await main(["frobnicate"])).toBe(2);
    expect(err.mock.calls[0][0]).toContain('unknown command "frobnicate"');
    err.mockRestore();
  });
  it.each(Object.keys(COMMANDS))("`%s --help` prints its usage and exits 0", async (name) => {
    const log = vi.spyOn(console, "log").mockImplementation(() => {});
    const code = await main([name, "--help"]);
    const out = log.mock.calls.map((c) => c.join(" ")).join("\n");
    log.mockRestore();
    expect(code).toBe(0);
    expect(out).toContain(`benchbook ${name}`);
  });
});
