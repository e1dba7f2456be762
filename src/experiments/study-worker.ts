// Worker-thread entry of `runStudyInWorkers`: runs its share of a study's runs and posts the
// totals (and progress) back. Only the built JavaScript runs as a worker.
import { parentPort, workerData } from "node:worker_threads";
import { InputError } from "../errors.ts";
import { runPredictionStudy, type StudyOptions } from "./prediction-study.ts";

const options = workerData as StudyOptions;
try {
  const totals = runPredictionStudy({ ...options, onProgress: (done) => parentPort!.postMessage({ kind: "progress", done }) });
  parentPort!.postMessage({ kind: "done", totals });
} catch (err) {
  parentPort!.postMessage({ kind: "error", message: (err as Error).message, input: err instanceof InputError });
}
