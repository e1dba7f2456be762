;; Hyperbolic's eviction scan (src/paging/modern/hyperbolic.ts, `sampling=sweep`): the position of
;; the lowest count/age among `m` consecutive positions of a ring of `n` (count, entry) pairs,
;; starting at `i` and wrapping at `n`. Pair j sits at byte 16·j of the imported memory, count
;; first. count/age is compared as count·bestAge < bestCount·age, exact in doubles while both
;; products stay below 2^53 (the TypeScript scans of the other samplers do the same); ties keep
;; the earliest position in scan order. The best starts as (1, 0), which every pair beats (age ≥ 1).
;;
;; scripts/build-wasm.mjs assembles this file into hyperbolic-kernel-bytes.ts (wabt, pinned in
;; package.json); test/paging/modern/hyperbolic-sweep.test.ts fails when the two disagree.
(module
  (memory (import "env" "memory") 1)
  (func (export "argmin") (param $t f64) (param $i i32) (param $m i32) (param $n i32) (result i32)
    (local $end i32) (local $stop i32) (local $a i32) (local $last i32) (local $c f64) (local $age f64)
    (local $bc f64) (local $ba f64) (local $best i32)
    (local.set $bc (f64.const 1))
    (local.set $best (i32.const -16))
    (local.set $end (i32.add (local.get $i) (local.get $m)))
    ;; At most two segments: [i, min(end, n)) and, when the window wraps, [0, end − n).
    (local.set $stop (select (local.get $n) (local.get $end) (i32.gt_u (local.get $end) (local.get $n))))
    (block $done
      (loop $segment
        (if (i32.lt_u (local.get $i) (local.get $stop))
          (then
            (local.set $a (i32.shl (local.get $i) (i32.const 4)))
            (local.set $last (i32.shl (local.get $stop) (i32.const 4)))
            (loop $scan
              (local.set $c (f64.load (local.get $a)))
              (local.set $age (f64.sub (local.get $t) (f64.load offset=8 (local.get $a))))
              (if (f64.lt (f64.mul (local.get $c) (local.get $ba)) (f64.mul (local.get $bc) (local.get $age)))
                (then
                  (local.set $bc (local.get $c))
                  (local.set $ba (local.get $age))
                  (local.set $best (local.get $a))))
              (br_if $scan (i32.lt_u (local.tee $a (i32.add (local.get $a) (i32.const 16))) (local.get $last))))))
        (br_if $done (i32.eq (local.get $stop) (local.get $end)))
        (local.set $i (i32.const 0))
        (local.set $end (i32.sub (local.get $end) (local.get $n)))
        (local.set $stop (local.get $end))
        (br $segment)))
    (i32.shr_s (local.get $best) (i32.const 4))))
