import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { TraceBuilder, TraceLimitError } from "../../src/traces/index.ts";

// The memory bound of the readers (request array + id map) holds only if the array is rarely
// regrown: each regrowth holds the old and the new array at once.
describe("TraceBuilder growth", () => {
  it("grows once to the projected total (+2%) when the first estimate was short", () => {
    const builder = new TraceBuilder(16, 2 ** 30, () => 10_000);
    for (let i = 0; i < 10_000; i++) builder.addNumber(i % 97);
    const { requests } = builder.finish();
    expect(requests.length).toBe(10_000);
    // One growth to ⌈10,000·1.02 + 16⌉ slots, kept as a view (slack ≤ 1/16): no ×1.5 steps.
    expect(requests.buffer.byteLength).toBe(4 * 10_216);
  });

  it("without a projection (or a useless one) it grows ×1.5 and still reads everything", () => {
    for (const project of [undefined, () => 0]) {
      const builder = new TraceBuilder(16, 2 ** 30, project);
      for (let i = 0; i < 1000; i++) builder.addNumber(i);
      const { requests, distinct } = builder.finish();
      expect(Array.from(requests)).toEqual(Array.from({ length: 1000 }, (_, i) => i));
      expect(distinct).toBe(1000);
    }
  });
});

const BATCH_SEED = 20_261_129;

// The binary readers add whole chunks through addU32Words/addU64Words; record-by-record adds
// are the reference: same ids, same keys, and a cap stops both after the same request.
describe(`batch adds equal one-at-a-time adds (fast-check seed ${BATCH_SEED})`, () => {
  type Outcome = { ids: number[]; keys: unknown[]; error: string | null; length: number };
  function run(add: (b: TraceBuilder) => void, maxRequests: number, maxDistinct: number): Outcome {
    const b = new TraceBuilder(4, maxRequests, undefined, { maxDistinct });
    let error: string | null = null;
    try {
      add(b);
    } catch (e) {
      if (!(e instanceof TraceLimitError)) throw e;
      error = e.message;
    }
    const length = b.length;
    const trace = b.finish();
    // Values, not their representation: after a cap error (the trace is discarded) one-at-a-time
    // adds may already have switched to bigint for the key they refused.
    const keys = trace.keys.kind === "number" || trace.keys.kind === "bigint" ? Array.from(trace.keys.values as ArrayLike<unknown>, String) : [];
    return { ids: Array.from(trace.requests), keys, error, length };
  }
  const swap = (x: number) => (((x & 0xff) << 24) | ((x & 0xff00) << 8) | ((x >>> 8) & 0xff00) | (x >>> 24)) >>> 0;

  it("u32 keys (byte-swapped or not), any stride, offset, caps", () => {
    console.log(`batch property (u32): fast-check seed ${BATCH_SEED}`);
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.integer({ min: 0, max: 20 }), fc.integer({ min: 0, max: 0xffffffff })), { minLength: 0, maxLength: 200 }),
        fc.integer({ min: 1, max: 3 }),
        fc.boolean(),
        fc.integer({ min: 1, max: 250 }),
        fc.integer({ min: 1, max: 40 }),
        (keys, stride, swapped, maxRequests, maxDistinct) => {
          const words = new Uint32Array(1 + keys.length * stride);
          keys.forEach((k, i) => (words[1 + i * stride] = swapped ? swap(k) : k));
          const batch = run((b) => {
            const half = keys.length >> 1;
            b.addU32Words(words, 1, stride, half, swapped);
            b.addU32Words(words, 1 + half * stride, stride, keys.length - half, swapped);
          }, maxRequests, maxDistinct);
          const single = run((b) => keys.forEach((k) => b.addNumber(k)), maxRequests, maxDistinct);
          expect(batch).toEqual(single);
        },
      ),
      { seed: BATCH_SEED, numRuns: 300 },
    );
  });

  it("u64 keys, including keys of 2^53 and more (bigint) in the middle of a batch", () => {
    console.log(`batch property (u64): fast-check seed ${BATCH_SEED}`);
    const u64 = fc.oneof(
      fc.bigInt({ min: 0n, max: 20n }),
      fc.bigInt({ min: 0n, max: (1n << 53n) - 1n }),
      fc.bigInt({ min: (1n << 53n) - 2n, max: (1n << 53n) + 2n }),
      fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }),
    );
    fc.assert(
      fc.property(
        fc.array(u64, { minLength: 0, maxLength: 120 }),
        fc.integer({ min: 2, max: 6 }),
        fc.integer({ min: 1, max: 150 }),
        fc.integer({ min: 1, max: 40 }),
        (keys, stride, maxRequests, maxDistinct) => {
          const words = new Uint32Array(keys.length * stride + 2);
          keys.forEach((k, i) => {
            words[i * stride] = Number(k & 0xffffffffn);
            words[i * stride + 1] = Number(k >> 32n);
          });
          const batch = run((b) => b.addU64Words(words, 0, stride, keys.length), maxRequests, maxDistinct);
          const single = run((b) => keys.forEach((k) => b.addU64(Number(k & 0xffffffffn), Number(k >> 32n))), maxRequests, maxDistinct);
          expect(batch).toEqual(single);
        },
      ),
      { seed: BATCH_SEED, numRuns: 300 },
    );
  });
});

const TEXT_SEED = 20_261_130;

// Text readers add ASCII ids by their bytes (a repeated id is found without its string) and
// other ids as strings; both must give the ids and keys of plain string adds, in any mix.
describe(`ASCII ids added by their bytes equal string adds (fast-check seed ${TEXT_SEED})`, () => {
  const encoder = new TextEncoder();
  // Few characters and short ids: many repeats, equal hashes of different lengths, prefixes.
  const id = fc.string({ unit: fc.constantFrom("a", "b", "0", "~", "é", "ß"), minLength: 1, maxLength: 6 });
  it("same requests, distinct count and keys as addString alone, across table growth", () => {
    fc.assert(
      fc.property(fc.array(id, { minLength: 1, maxLength: 3000 }), fc.integer({ min: 0, max: 15 }), (ids, pad) => {
        const plain = new TraceBuilder(16, 2 ** 30);
        const bytes = new TraceBuilder(16, 2 ** 30);
        for (const key of ids) {
          plain.addString(key);
          // The id at an offset of a larger buffer, as a reader sees it inside a chunk.
          const encoded = encoder.encode(key);
          const buf = new Uint8Array(pad + encoded.length + 3).fill(120);
          buf.set(encoded, pad);
          if (/^[\x00-\x7f]*$/.test(key)) bytes.addAsciiKey(buf, pad, pad + encoded.length);
          else bytes.addString(key);
        }
        const a = plain.finish();
        const b = bytes.finish();
        expect(Array.from(b.requests)).toEqual(Array.from(a.requests));
        expect(b.distinct).toBe(a.distinct);
        expect(b.keys).toEqual(a.keys);
      }),
      { seed: TEXT_SEED, numRuns: 60 },
    );
  });

  it("many distinct ids (the table grows several times) keep their ids", () => {
    const builder = new TraceBuilder(16, 2 ** 30);
    const encoder2 = new TextEncoder();
    for (let round = 0; round < 2; round++) {
      for (let i = 0; i < 5000; i++) {
        const buf = encoder2.encode(`k${i.toString(36)}`);
        builder.addAsciiKey(buf, 0, buf.length);
      }
    }
    const { requests, distinct } = builder.finish();
    expect(distinct).toBe(5000);
    for (let i = 0; i < 5000; i++) expect(requests[5000 + i]).toBe(i);
  });
});

const BORROW_SEED = 20_261_133;

// A reader that learns its length late starts in a reused scratch array (borrow) and sizes its
// own array later (reserve): the same trace as a builder that never borrowed, whenever the
// reserve comes (or if it never does), and the scratch can be reused at once after finish().
describe(`a builder in a borrowed scratch array (fast-check seed ${BORROW_SEED})`, () => {
  it("gives the trace of a plain builder, caps included, and leaves nothing in the scratch", () => {
    console.log(`borrowed scratch: fast-check seed ${BORROW_SEED}`);
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 30 }), { minLength: 1, maxLength: 300 }),
        fc.option(fc.nat({ max: 300 }), { nil: undefined }),
        fc.nat({ max: 400 }),
        fc.integer({ min: 1, max: 320 }),
        fc.integer({ min: 1, max: 500 }),
        (keys, reserveAt, estimate, maxRequests, scratchLength) => {
          const run = (borrow: boolean): unknown => {
            const builder = new TraceBuilder(0, maxRequests);
            const scratch = new Int32Array(scratchLength);
            if (borrow) builder.borrow(scratch);
            try {
              keys.forEach((key, i) => {
                if (i === reserveAt) builder.reserve(estimate);
                builder.addNumber(key);
              });
            } catch (err) {
              if (!(err instanceof TraceLimitError)) throw err;
              return { error: err.message, length: builder.length };
            }
            const trace = builder.finish();
            scratch.fill(-1); // the next reader's use of the scratch must not reach the trace
            return { requests: Array.from(trace.requests), keys: Array.from(trace.keys.kind === "number" ? trace.keys.values : []) };
          };
          expect(run(true)).toEqual(run(false));
        },
      ),
      { seed: BORROW_SEED, numRuns: 300 },
    );
  });
});
