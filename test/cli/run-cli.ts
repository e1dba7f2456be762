import { main } from "../../src/cli/main.ts";

/** Run the CLI in-process with captured streams; `tty` makes stderr look like a terminal. */
export async function runCli(argv: string[], tty = false): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  const code = await main(argv, {
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s), isTTY: tty },
  });
  return { code, stdout, stderr };
}
