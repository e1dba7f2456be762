import { describe, expect, it } from "vitest";
import { COMMANDS } from "../../src/cli/commands.ts";

describe("CLI command list", () => {
  it("each lazy entry loads the command it names, with the same summary and a help text", async () => {
    expect(new Set(COMMANDS.map((c) => c.name)).size).toBe(COMMANDS.length);
    for (const entry of COMMANDS) {
      const command = await entry.load();
      expect(command.name).toBe(entry.name);
      expect(command.summary).toBe(entry.summary);
      expect(command.help).toContain(entry.name);
    }
  });
});
