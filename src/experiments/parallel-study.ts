import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import { InputError } from "../errors.ts";
import { mergeStudyTotals, runPredictionStudy, type StudyOptions, type StudyTotals } from "./prediction-study.ts";

/**
 * {@link runPredictionStudy} split over `workers` worker threads by runs (run r goes to worker
 * r mod workers). The totals are identical to a single-threaded study: every draw derives from
 * (seed, run, trace, algorithm), never from the worker. With `workers` = 1 it runs in this
 * thread. Workers run the compiled JavaScript (`dist/`); from TypeScript sources (tests, Deno)
 * only `workers` = 1 is possible and more is an {@link InputError} saying so.
 */
export async function runStudyInWorkers(options: StudyOptions, workers: number): Promise<StudyTotals> {
  if (!Number.isSafeInteger(workers) || workers < 1) throw new InputError(`workers must be a positive integer, got ${workers}`);
  const runs = options.runs;
  const share = Math.min(workers, runs);
  if (share <= 1) return runPredictionStudy(options);
  const script = new URL("./study-worker.js", import.meta.url);
  if (!existsSync(fileURLToPath(script))) {
    throw new InputError("worker threads need the built CLI (npm run build); run with one worker from TypeScript sources");
  }
  const { onProgress, ...plain } = options;
  const total = runs * options.traces.length;
  const doneBy = new Array<number>(share).fill(0);
  const parts = await Promise.all(
    Array.from({ length: share }, (_, w) => {
      const onlyRuns = Array.from({ length: runs }, (_, r) => r).filter((r) => r % share === w);
      return new Promise<StudyTotals>((resolve, reject) => {
        const worker = new Worker(script, { workerData: { ...plain, onlyRuns } });
        worker.on("message", (m: { kind: string; done?: number; totals?: StudyTotals; message?: string; input?: boolean }) => {
          if (m.kind === "progress") {
            doneBy[w] = m.done!;
            onProgress?.(doneBy.reduce((a, b) => a + b, 0), total);
          } else if (m.kind === "done") resolve(m.totals!);
          else reject(m.input ? new InputError(m.message!) : new Error(m.message));
        });
        worker.on("error", reject);
        worker.on("exit", (code) => {
          if (code !== 0) reject(new Error(`study worker ${w} exited with code ${code}`));
        });
      });
    }),
  );
  const [first, ...rest] = parts;
  for (const part of rest) mergeStudyTotals(first, part);
  return first;
}
