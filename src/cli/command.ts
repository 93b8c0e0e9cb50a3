import type { Config } from '../config/schema.ts';

/** A command's parsed command line: positional words and `--options`. */
export type CommandArgs = { positionals: string[]; values: Record<string, string | boolean | undefined> };
/** One `onewindow` command; its result is the process's exit code. */
export type Command = (args: CommandArgs, config: Config) => Promise<number | void>;
