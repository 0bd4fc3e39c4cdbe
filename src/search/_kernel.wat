;; The scanner's search kernel: WebAssembly SIMD128 over the scanner's own memory.
;;
;; `find` writes the offset of every byte equal to `first` or `second` in [from, to) (the same
;; byte twice to look for one) to an i32 array, 64 bytes at a time: four 16-byte compares make one
;; 64-bit mask, and two offsets are stored per block whether or not there are that many (advancing
;; by the mask's popcount), so the common block of lines, with no delimiter or one (a line of 85
;; bytes on average: 0.75 a block), takes no branch; a block with more than two loops for the rest.
;; (Four unconditional stores measured 20% slower on such lines, 1 MiB in cache: the two unused
;; ones cost more than the rare loop.) The unused slots are overwritten by the next block, so
;; `out` needs 64 slots of room past `cap`. Loads may run up to 63 bytes past `to` (the bits for
;; those bytes are masked off): the memory must hold 64 bytes after `to`.
;;
;; `count` counts the bytes equal to `byte` in [from, to): compares accumulate in 16 byte-wide
;; counters, widened into 32-bit sums before they can overflow.
;;
;; Assembled by scripts/kernel.mjs into src/search/_kernel_wasm.ts (the bytes the package loads);
;; tests/search/kernel_test.ts checks that those bytes are this file's.
(module
  (import "env" "memory" (memory 1))

  ;; Where the last `find` stopped: `to`, or the end of the block where `out` filled up.
  (global $resume (export "resume") (mut i32) (i32.const 0))

  ;; The 64-bit mask of the bytes equal to the splatted needle in [p, p + 64).
  (func $mask64 (param $p i32) (param $needle v128) (result i64)
    (i64.or
      (i64.or
        (i64.extend_i32_u (i8x16.bitmask (i8x16.eq (v128.load (local.get $p)) (local.get $needle))))
        (i64.shl
          (i64.extend_i32_u
            (i8x16.bitmask (i8x16.eq (v128.load offset=16 (local.get $p)) (local.get $needle))))
          (i64.const 16)))
      (i64.or
        (i64.shl
          (i64.extend_i32_u
            (i8x16.bitmask (i8x16.eq (v128.load offset=32 (local.get $p)) (local.get $needle))))
          (i64.const 32))
        (i64.shl
          (i64.extend_i32_u
            (i8x16.bitmask (i8x16.eq (v128.load offset=48 (local.get $p)) (local.get $needle))))
          (i64.const 48)))))

  ;; The 64-bit mask of the bytes equal to either needle in [p, p + 64).
  (func $mask64x2 (param $p i32) (param $first v128) (param $second v128) (result i64)
    (local $v v128)
    (local $mask i64)
    (local.set $v (v128.load (local.get $p)))
    (local.set $mask
      (i64.extend_i32_u
        (i8x16.bitmask
          (v128.or (i8x16.eq (local.get $v) (local.get $first))
            (i8x16.eq (local.get $v) (local.get $second))))))
    (local.set $v (v128.load offset=16 (local.get $p)))
    (local.set $mask
      (i64.or (local.get $mask)
        (i64.shl
          (i64.extend_i32_u
            (i8x16.bitmask
              (v128.or (i8x16.eq (local.get $v) (local.get $first))
                (i8x16.eq (local.get $v) (local.get $second)))))
          (i64.const 16))))
    (local.set $v (v128.load offset=32 (local.get $p)))
    (local.set $mask
      (i64.or (local.get $mask)
        (i64.shl
          (i64.extend_i32_u
            (i8x16.bitmask
              (v128.or (i8x16.eq (local.get $v) (local.get $first))
                (i8x16.eq (local.get $v) (local.get $second)))))
          (i64.const 32))))
    (local.set $v (v128.load offset=48 (local.get $p)))
    (i64.or (local.get $mask)
      (i64.shl
        (i64.extend_i32_u
          (i8x16.bitmask
            (v128.or (i8x16.eq (local.get $v) (local.get $first))
              (i8x16.eq (local.get $v) (local.get $second)))))
        (i64.const 48))))

  ;; Writes `p - base` for every byte equal to `first` or `second` in [from, to) to out[0..],
  ;; stopping after
  ;; the block in which `cap` offsets were reached. Returns how many were written (which may pass
  ;; `cap` by up to 63); `resume` says where the search stopped.
  (func (export "find")
    (param $from i32) (param $to i32) (param $first i32) (param $second i32) (param $base i32)
    (param $out i32) (param $cap i32)
    (result i32)
    (local $p i32) (local $count i32) (local $mask i64) (local $needle v128) (local $other v128)
    (local $at i32) (local $slot i32) (local $bits i32) (local $two i32)
    (local.set $needle (i8x16.splat (local.get $first)))
    (local.set $other (i8x16.splat (local.get $second)))
    (local.set $two (i32.ne (local.get $first) (local.get $second)))
    (local.set $p (local.get $from))
    (block $done
      (loop $blocks
        (br_if $done (i32.ge_u (local.get $p) (local.get $to)))
        (local.set $mask
          (if (result i64) (local.get $two)
            (then (call $mask64x2 (local.get $p) (local.get $needle) (local.get $other)))
            (else (call $mask64 (local.get $p) (local.get $needle)))))
        ;; The last block: forget the bytes past `to`.
        (if (i32.lt_u (i32.sub (local.get $to) (local.get $p)) (i32.const 64))
          (then
            (local.set $mask
              (i64.and
                (local.get $mask)
                (i64.sub
                  (i64.shl (i64.const 1)
                    (i64.extend_i32_u (i32.sub (local.get $to) (local.get $p))))
                  (i64.const 1))))))
        (local.set $at (i32.sub (local.get $p) (local.get $base)))
        (local.set $bits (i32.wrap_i64 (i64.popcnt (local.get $mask))))
        (local.set $slot (i32.add (local.get $out) (i32.shl (local.get $count) (i32.const 2))))
        ;; Two slots unconditionally (ctz of an empty mask is 64: a harmless value in a spare slot);
        ;; a block with more than two (rare for lines) loops for the rest.
        (i32.store (local.get $slot)
          (i32.add (local.get $at) (i32.wrap_i64 (i64.ctz (local.get $mask)))))
        (local.set $mask (i64.and (local.get $mask) (i64.sub (local.get $mask) (i64.const 1))))
        (i32.store offset=4 (local.get $slot)
          (i32.add (local.get $at) (i32.wrap_i64 (i64.ctz (local.get $mask)))))
        (if (i32.gt_u (local.get $bits) (i32.const 2))
          (then
            (local.set $slot (i32.add (local.get $slot) (i32.const 8)))
            (loop $rest
              (local.set $mask
                (i64.and (local.get $mask) (i64.sub (local.get $mask) (i64.const 1))))
              (i32.store (local.get $slot)
                (i32.add (local.get $at) (i32.wrap_i64 (i64.ctz (local.get $mask)))))
              (local.set $slot (i32.add (local.get $slot) (i32.const 4)))
              (br_if $rest
                (i64.ne
                  (i64.and (local.get $mask) (i64.sub (local.get $mask) (i64.const 1)))
                  (i64.const 0))))))
        (local.set $count (i32.add (local.get $count) (local.get $bits)))
        (local.set $p (i32.add (local.get $p) (i32.const 64)))
        (br_if $blocks (i32.lt_u (local.get $count) (local.get $cap)))))
    (global.set $resume
      (select (local.get $to) (local.get $p) (i32.gt_u (local.get $p) (local.get $to))))
    (local.get $count))

  ;; How many bytes in [from, to) equal `byte`.
  (func (export "count") (param $from i32) (param $to i32) (param $byte i32) (result i32)
    (local $p i32) (local $end i32) (local $needle v128) (local $bytes v128) (local $sums v128)
    (local $rounds i32) (local $total i32) (local $mask i64)
    (local.set $needle (i8x16.splat (local.get $byte)))
    (local.set $p (local.get $from))
    ;; Whole 64-byte blocks, in runs of at most 63: each lane of $bytes gains at most 4 a block.
    (local.set $end
      (i32.add (local.get $from)
        (i32.and (i32.sub (local.get $to) (local.get $from)) (i32.const -64))))
    (block $blocks_done
      (loop $runs
        (br_if $blocks_done (i32.ge_u (local.get $p) (local.get $end)))
        (local.set $bytes (v128.const i64x2 0 0))
        (local.set $rounds (i32.const 63))
        (block $run_done
          (loop $blocks
            (br_if $run_done (i32.ge_u (local.get $p) (local.get $end)))
            (br_if $run_done (i32.eqz (local.get $rounds)))
            ;; A match is -1 in its lane: subtracting adds one.
            (local.set $bytes
              (i8x16.sub
                (i8x16.sub
                  (i8x16.sub
                    (i8x16.sub
                      (local.get $bytes)
                      (i8x16.eq (v128.load (local.get $p)) (local.get $needle)))
                    (i8x16.eq (v128.load offset=16 (local.get $p)) (local.get $needle)))
                  (i8x16.eq (v128.load offset=32 (local.get $p)) (local.get $needle)))
                (i8x16.eq (v128.load offset=48 (local.get $p)) (local.get $needle))))
            (local.set $p (i32.add (local.get $p) (i32.const 64)))
            (local.set $rounds (i32.sub (local.get $rounds) (i32.const 1)))
            (br $blocks)))
        (local.set $sums
          (i32x4.add
            (local.get $sums)
            (i32x4.extadd_pairwise_i16x8_u (i16x8.extadd_pairwise_i8x16_u (local.get $bytes)))))
        (br $runs)))
    (local.set $total
      (i32.add
        (i32.add (i32x4.extract_lane 0 (local.get $sums)) (i32x4.extract_lane 1 (local.get $sums)))
        (i32.add (i32x4.extract_lane 2 (local.get $sums)) (i32x4.extract_lane 3 (local.get $sums)))))
    ;; The tail, shorter than a block: one masked block.
    (if (i32.lt_u (local.get $p) (local.get $to))
      (then
        (local.set $mask
          (i64.and
            (call $mask64 (local.get $p) (local.get $needle))
            (i64.sub
              (i64.shl (i64.const 1) (i64.extend_i32_u (i32.sub (local.get $to) (local.get $p))))
              (i64.const 1))))
        (local.set $total
          (i32.add (local.get $total) (i32.wrap_i64 (i64.popcnt (local.get $mask)))))))
    (local.get $total))
)
