/** Why a JSON stanza could not be mapped, in mod_rest's error vocabulary (all of type "modify"). */
export class MappingError extends Error {
  readonly type = "modify";

  constructor(
    readonly status: 400 | 422,
    readonly condition: string,
    readonly text: string,
    readonly context?: Record<string, unknown>,
  ) {
    super(text);
    this.name = "MappingError";
  }
}

/** mod_rest's 400: the payload is not a usable JSON stanza at all. */
export function parseFailure(error: "invalid-json" | "unknown-kind"): MappingError {
  return new MappingError(400, "not-well-formed", "Failed to parse payload", { error });
}

/** A field whose value has the wrong shape; `path` names it, e.g. `command.form.fields[2].var`. */
export function badFormat(path: string, problem: string, context?: Record<string, unknown>): MappingError {
  return new MappingError(422, "bad-format", `Invalid value for '${path}': ${problem}`, { field: path, ...context });
}
