import { InputError } from "../errors.ts";

/** A command-line mistake (unknown option, bad value); printed on one line, exit code 2. */
export class UsageError extends InputError {
  override name = "UsageError";
}
