/**
 * Bad input from a user — a malformed trace, k ≤ 0, an unknown algorithm, a missing file.
 * Every layer throws this (or a subclass) for mistakes the user can fix; the CLI prints the
 * message on one line and exits with code 2 instead of showing a stack trace. Messages name the
 * file and line or byte offset where there is one.
 */
export class InputError extends Error {
  override name = "InputError";
}
