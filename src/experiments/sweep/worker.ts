// Worker-thread entry of `runSweep`: runs the cells the main thread sends, one at a time, keeping
// its parsed traces between cells, and posts each result back. Only the built JavaScript runs as
// a worker.
import { parentPort, workerData } from "node:worker_threads";
import { InputError } from "../../errors.ts";
import { CellRunner } from "./cell.ts";
import type { SweepCell } from "./grid.ts";

const runner = new CellRunner((workerData as { dir: string }).dir);
parentPort!.on("message", (cell: SweepCell) => {
  runner.run(cell).then(
    (result) => parentPort!.postMessage({ kind: "result", result }),
    (err: unknown) =>
      parentPort!.postMessage({ kind: "error", message: (err as Error).message, input: err instanceof InputError }),
  );
});
