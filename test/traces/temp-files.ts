// Kept so that existing imports keep working; the helper lives in test/helpers/temp.ts.
export { tempDir } from "../helpers/temp.ts";
