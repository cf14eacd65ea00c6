// `benchbook lint`: reads a benchmark command line the way the engine's own CLI would (flag sets in flags/, read from
// each tool's argument parser) and names every problem that made the study's runs fail before they started:
// placeholders, optional-syntax brackets, flags the script does not accept or that were renamed, server flags given
// to a client, a missing model, shell chaining and metacharacters, environment prefixes. Nothing is executed.
export {closestFlag, isPlaceholder, lintArgs, type ArgsLint} from "./args.ts";
export {identifyTool, lintCommand, type CommandLint} from "./command.ts";
export {countBySeverity, formatFindings, type Finding} from "./findings.ts";
export {lintPlan, lintTask} from "./plan.ts";
