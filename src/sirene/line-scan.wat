;; The byte pre-filter's hot loop (`line-scan.js` drives it; `line-filter.js` says what it
;; decides): a block of whole lines of a SIRENE stock file, copied into this memory, is cut into
;; lines, each line's commas are found sixteen bytes at a time (a line holding a quote is read
;; again as `plainFields` reads it), and each line is judged by the very rules of
;; `establishmentDropper` and `unitDropper`. Each line gets its record at OUT:
;; [start, end (without its CR), status, time from, time to], positions in the block;
;;   status 0: dropped;  1: not dropped;
;;   3: dropped unless its processing time, later than the latest known, says otherwise (the
;;      JavaScript side offers it, as the dropper does: only it checks a calendar).
;; Built into `line-scan.wasm` by `npm run build:wasm` (a test checks the two agree).
;;
;; Memory (byte offsets):
;;   0    kind (1 establishments, 2 legal units)      4  width (fields a line must have)
;;   8    longest line judged (bytes)                 12 siren  16 nic  20 siret  24 state
;;   28   siege   32 commune   36 processing time (-1: none)   (column indexes)
;;   40   length of the latest time known, its bytes at 64 (up to 128)
;;   44   the SIREN table's mask (legal units)        52 where the next call starts (block offset)
;;   200  La Poste's SIREN
;;   240  a doubled digit's share of a Luhn sum
;;   256  the bounds of the fields of the line being judged: field k from the address at
;;        256 + 8k to the one at 260 + 8k (up to 999 fields; of a line without quotes, only
;;        the fields the checks read)
;;   8448 the ranks of the commas that bound them (1 for the first), ascending, then a
;;        sentinel no line reaches (up to 63)
;;   16384 OUT: the lines' records (20 bytes each, up to 16384 a call)
;;   393216 TABLE: the communes kept (one byte per commune number, 12^5) or the SIRENs wanted
;;          (open addressing, 32-bit slots, each SIREN plus one, 0 free: `SirenTable`'s layout)
(module
  (memory (export "memory") 16)
  (data (i32.const 200) "356000000")
  ;; a doubled digit's share of a Luhn sum
  (data (i32.const 240) "\00\02\04\06\08\01\03\05\07\09")

  ;; the Luhn sum of the digits of [from, to) (every second one from the right doubled: its
  ;; share read at 240), or -1 when a byte is not a digit
  (func $luhn (param $from i32) (param $to i32) (result i32)
    (local $sum i32) (local $d i32)
    (loop $pair
      (if (i32.le_u (local.get $to) (local.get $from)) (then (return (local.get $sum))))
      (local.set $to (i32.sub (local.get $to) (i32.const 1)))
      (local.set $d (i32.sub (i32.load8_u (local.get $to)) (i32.const 48)))
      (if (i32.gt_u (local.get $d) (i32.const 9)) (then (return (i32.const -1))))
      (local.set $sum (i32.add (local.get $sum) (local.get $d)))
      (if (i32.le_u (local.get $to) (local.get $from)) (then (return (local.get $sum))))
      (local.set $to (i32.sub (local.get $to) (i32.const 1)))
      (local.set $d (i32.sub (i32.load8_u (local.get $to)) (i32.const 48)))
      (if (i32.gt_u (local.get $d) (i32.const 9)) (then (return (i32.const -1))))
      (local.set $sum (i32.add (local.get $sum) (i32.load8_u offset=240 (local.get $d))))
      (br $pair))
    (unreachable))

  ;; whether the n bytes at a and at b are the same
  (func $same (param $a i32) (param $b i32) (param $n i32) (result i32)
    (loop $next
      (if (i32.eqz (local.get $n)) (then (return (i32.const 1))))
      (if (i32.ne (i32.load8_u (local.get $a)) (i32.load8_u (local.get $b)))
        (then (return (i32.const 0))))
      (local.set $a (i32.add (local.get $a) (i32.const 1)))
      (local.set $b (i32.add (local.get $b) (i32.const 1)))
      (local.set $n (i32.sub (local.get $n) (i32.const 1)))
      (br $next))
    (unreachable))

  ;; [from, to) against the latest time known, bytewise: 1 when later, else 0
  (func $later (param $from i32) (param $to i32) (result i32)
    (local $n i32) (local $k i32) (local $d i32)
    (local.set $n (i32.sub (local.get $to) (local.get $from)))
    (if (i32.gt_u (local.get $n) (i32.load (i32.const 40)))
      (then (local.set $n (i32.load (i32.const 40)))))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $k) (local.get $n)))
        (local.set $d (i32.sub
          (i32.load8_u (i32.add (local.get $from) (local.get $k)))
          (i32.load8_u offset=64 (local.get $k))))
        (if (local.get $d) (then (return (i32.gt_s (local.get $d) (i32.const 0)))))
        (local.set $k (i32.add (local.get $k) (i32.const 1)))
        (br $next)))
    (i32.gt_s (i32.sub (local.get $to) (local.get $from)) (i32.load (i32.const 40))))

  ;; `plainFields` of line-filter.js: the bounds of the fields of [s, end), each unquoted and
  ;; free of quotes, or quoted and closed on the line (a doubled quote inside is the value's,
  ;; left doubled); the number of fields, or -1 when the line is not so
  (func $plain (param $s i32) (param $end i32) (result i32)
    (local $field i32) (local $i i32) (local $j i32) (local $c i32)
    (local.set $i (local.get $s))
    (loop $next
      (if (i32.ge_u (local.get $field) (i32.const 1000)) (then (return (i32.const -1))))
      (if (i32.and (i32.lt_u (local.get $i) (local.get $end))
                   (i32.eq (i32.load8_u (local.get $i)) (i32.const 34)))
        (then
          (local.set $j (i32.add (local.get $i) (i32.const 1)))
          (i32.store offset=256 (i32.shl (local.get $field) (i32.const 3)) (local.get $j))
          (block $closed
            (loop $inside
              (if (i32.ge_u (local.get $j) (local.get $end)) (then (return (i32.const -1))))
              (if (i32.eq (i32.load8_u (local.get $j)) (i32.const 34))
                (then
                  (br_if $closed (i32.ge_u (i32.add (local.get $j) (i32.const 1)) (local.get $end)))
                  (br_if $closed (i32.ne (i32.load8_u offset=1 (local.get $j)) (i32.const 34)))
                  (local.set $j (i32.add (local.get $j) (i32.const 1)))))
              (local.set $j (i32.add (local.get $j) (i32.const 1)))
              (br $inside)))
          (i32.store offset=260 (i32.shl (local.get $field) (i32.const 3)) (local.get $j))
          (local.set $field (i32.add (local.get $field) (i32.const 1)))
          (if (i32.eq (i32.add (local.get $j) (i32.const 1)) (local.get $end))
            (then (return (local.get $field))))
          (if (i32.ne (i32.load8_u offset=1 (local.get $j)) (i32.const 44))
            (then (return (i32.const -1))))
          (local.set $i (i32.add (local.get $j) (i32.const 2)))
          (br $next)))
      (i32.store offset=256 (i32.shl (local.get $field) (i32.const 3)) (local.get $i))
      (local.set $j (local.get $i))
      (block $ended
        (loop $unquoted
          (br_if $ended (i32.ge_u (local.get $j) (local.get $end)))
          (local.set $c (i32.load8_u (local.get $j)))
          (br_if $ended (i32.eq (local.get $c) (i32.const 44)))
          (if (i32.eq (local.get $c) (i32.const 34)) (then (return (i32.const -1))))
          (local.set $j (i32.add (local.get $j) (i32.const 1)))
          (br $unquoted)))
      (i32.store offset=260 (i32.shl (local.get $field) (i32.const 3)) (local.get $j))
      (local.set $field (i32.add (local.get $field) (i32.const 1)))
      (if (i32.eq (local.get $j) (local.get $end)) (then (return (local.get $field))))
      (local.set $i (i32.add (local.get $j) (i32.const 1)))
      (br $next))
    (unreachable))

  ;; whether field k holds the one byte a or the one byte b
  (func $isByte (param $k i32) (param $a i32) (param $b i32)
    (result i32)
    (local $f i32) (local $c i32)
    (local.set $f (i32.load offset=256 (i32.shl (local.get $k) (i32.const 3))))
    (if (i32.ne (i32.sub (i32.load offset=260 (i32.shl (local.get $k) (i32.const 3))) (local.get $f)) (i32.const 1))
      (then (return (i32.const 0))))
    (local.set $c (i32.load8_u (local.get $f)))
    (i32.or (i32.eq (local.get $c) (local.get $a)) (i32.eq (local.get $c) (local.get $b))))

  ;; whether field k holds "true" or "false"
  (func $isBoolean (param $k i32) (result i32)
    (local $f i32) (local $n i32)
    (local.set $f (i32.load offset=256 (i32.shl (local.get $k) (i32.const 3))))
    (local.set $n (i32.sub (i32.load offset=260 (i32.shl (local.get $k) (i32.const 3))) (local.get $f)))
    (if (i32.eq (local.get $n) (i32.const 4))
      (then (return (i32.eq (i32.load align=1 (local.get $f)) (i32.const 0x65757274))))) ;; "true"
    (if (i32.eq (local.get $n) (i32.const 5))
      (then (return (i32.and
        (i32.eq (i32.load align=1 (local.get $f)) (i32.const 0x736c6166)) ;; "fals"
        (i32.eq (i32.load8_u offset=4 (local.get $f)) (i32.const 101)))))) ;; "e"
    (i32.const 0))

  ;; `identifiersValid` of line-filter.js: SIREN, NIC and SIRET well-formed and their keys right
  (func $identifiers (result i32)
    (local $s0 i32) (local $n0 i32) (local $t0 i32) (local $t1 i32) (local $sum i32) (local $i i32)
    (local.set $s0 (i32.load offset=256 (i32.shl (i32.load (i32.const 12)) (i32.const 3))))
    (if (i32.ne (i32.sub (i32.load offset=260 (i32.shl (i32.load (i32.const 12)) (i32.const 3))) (local.get $s0))
                (i32.const 9))
      (then (return (i32.const 0))))
    ;; -1 (not a digit) is no multiple of 10 either
    (if (i32.rem_s (call $luhn (local.get $s0) (i32.add (local.get $s0) (i32.const 9))) (i32.const 10))
      (then (return (i32.const 0))))
    (local.set $n0 (i32.load offset=256 (i32.shl (i32.load (i32.const 16)) (i32.const 3))))
    (if (i32.ne (i32.sub (i32.load offset=260 (i32.shl (i32.load (i32.const 16)) (i32.const 3))) (local.get $n0))
                (i32.const 5))
      (then (return (i32.const 0))))
    ;; its digits (the NIC has no key of its own: its sum counts in the SIRET's)
    (if (i32.lt_s (call $luhn (local.get $n0) (i32.add (local.get $n0) (i32.const 5))) (i32.const 0))
      (then (return (i32.const 0))))
    (local.set $t0 (i32.load offset=256 (i32.shl (i32.load (i32.const 20)) (i32.const 3))))
    (local.set $t1 (i32.load offset=260 (i32.shl (i32.load (i32.const 20)) (i32.const 3))))
    (if (i32.ne (i32.sub (local.get $t1) (local.get $t0)) (i32.const 14))
      (then (return (i32.const 0))))
    (if (i32.eqz (call $same (local.get $t0) (local.get $s0) (i32.const 9)))
      (then (return (i32.const 0))))
    (if (i32.eqz (call $same (i32.add (local.get $t0) (i32.const 9)) (local.get $n0) (i32.const 5)))
      (then (return (i32.const 0))))
    (if (i32.eqz (i32.rem_u (call $luhn (local.get $t0) (local.get $t1)) (i32.const 10)))
      (then (return (i32.const 1))))
    ;; La Poste's establishments: the sum of the 14 digits is a multiple of 5
    (if (i32.eqz (call $same (local.get $t0) (i32.const 200) (i32.const 9)))
      (then (return (i32.const 0))))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (i32.const 14)))
        (local.set $sum (i32.add (local.get $sum)
          (i32.sub (i32.load8_u (i32.add (local.get $t0) (local.get $i))) (i32.const 48))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next)))
    (i32.eqz (i32.rem_u (local.get $sum) (i32.const 5))))

  ;; the processing time's verdict for a line otherwise dropped: 0, or 3 when it is later than
  ;; the latest known (its bounds then written at rec + 12)
  (func $time (param $rec i32) (param $at i32) (result i32)
    (local $k i32) (local $f i32) (local $t i32)
    (local.set $k (i32.load (i32.const 36)))
    (if (i32.lt_s (local.get $k) (i32.const 0)) (then (return (i32.const 0))))
    (local.set $f (i32.load offset=256 (i32.shl (local.get $k) (i32.const 3))))
    (local.set $t (i32.load offset=260 (i32.shl (local.get $k) (i32.const 3))))
    (if (i32.eq (local.get $f) (local.get $t)) (then (return (i32.const 0))))
    (if (i32.eqz (call $later (local.get $f) (local.get $t))) (then (return (i32.const 0))))
    (i32.store offset=12 (local.get $rec) (i32.sub (local.get $f) (local.get $at)))
    (i32.store offset=16 (local.get $rec) (i32.sub (local.get $t) (local.get $at)))
    (i32.const 3))

  ;; `establishmentDropper`: 1 for a line of the territory, or one the full reader would reject
  (func $establishment (param $rec i32) (param $at i32)
    (result i32)
    (local $f i32) (local $i i32) (local $n i32) (local $c i32) (local $d i32)
    (local.set $f (i32.load offset=256 (i32.shl (i32.load (i32.const 32)) (i32.const 3))))
    (block $unnamed
      (br_if $unnamed (i32.ne (i32.sub (i32.load offset=260 (i32.shl (i32.load (i32.const 32)) (i32.const 3)))
                                       (local.get $f))
                              (i32.const 5)))
      (loop $next
        (local.set $c (i32.load8_u (i32.add (local.get $f) (local.get $i))))
        (local.set $d (i32.sub (local.get $c) (i32.const 48)))
        (if (i32.gt_u (local.get $d) (i32.const 9))
          (then
            (br_if $unnamed (i32.ge_u (i32.sub (local.get $c) (i32.const 65)) (i32.const 2)))
            (local.set $d (i32.sub (local.get $c) (i32.const 55))))) ;; A 10, B 11
        (local.set $n (i32.add (i32.mul (local.get $n) (i32.const 12)) (local.get $d)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br_if $next (i32.lt_u (local.get $i) (i32.const 5))))
      (if (i32.load8_u offset=393216 (local.get $n)) (then (return (i32.const 1)))))
    (if (i32.eqz (call $identifiers)) (then (return (i32.const 1))))
    (if (i32.eqz (call $isByte (i32.load (i32.const 24))
                   (i32.const 65) (i32.const 70))) ;; A, F
      (then (return (i32.const 1))))
    (if (i32.eqz (call $isBoolean (i32.load (i32.const 28))))
      (then (return (i32.const 1))))
    (call $time (local.get $rec) (local.get $at)))

  ;; `unitDropper`: 1 for a legal unit wanted, or one the full reader would reject
  (func $unit (param $rec i32) (param $at i32) (result i32)
    (local $f i32) (local $n i32) (local $i i32) (local $h i32) (local $v i32) (local $mask i32)
    (local.set $f (i32.load offset=256 (i32.shl (i32.load (i32.const 12)) (i32.const 3))))
    (if (i32.ne (i32.sub (i32.load offset=260 (i32.shl (i32.load (i32.const 12)) (i32.const 3))) (local.get $f))
                (i32.const 9))
      (then (return (i32.const 1))))
    (if (i32.rem_s (call $luhn (local.get $f) (i32.add (local.get $f) (i32.const 9))) (i32.const 10))
      (then (return (i32.const 1))))
    (loop $digit
      (local.set $n (i32.add (i32.mul (local.get $n) (i32.const 10))
        (i32.sub (i32.load8_u (i32.add (local.get $f) (local.get $i))) (i32.const 48))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $digit (i32.lt_u (local.get $i) (i32.const 9))))
    ;; `SirenTable.has`
    (local.set $mask (i32.load (i32.const 44)))
    (local.set $h (i32.mul (i32.xor (local.get $n) (i32.shr_u (local.get $n) (i32.const 15)))
                           (i32.const 0x2c1b3c6d)))
    (local.set $h (i32.and (i32.xor (local.get $h) (i32.shr_u (local.get $h) (i32.const 12)))
                           (local.get $mask)))
    (block $absent
      (loop $probe
        (local.set $v (i32.load offset=393216 (i32.shl (local.get $h) (i32.const 2))))
        (if (i32.eq (local.get $v) (i32.add (local.get $n) (i32.const 1)))
          (then (return (i32.const 1))))
        (br_if $absent (i32.eqz (local.get $v)))
        (local.set $h (i32.and (i32.add (local.get $h) (i32.const 1)) (local.get $mask)))
        (br $probe)))
    (if (i32.eqz (call $isByte (i32.load (i32.const 24))
                   (i32.const 65) (i32.const 67))) ;; A, C
      (then (return (i32.const 1))))
    (call $time (local.get $rec) (local.get $at)))

  ;; Judges the lines of the block at `at` from its offset `from` to `len` (the block ends with a
  ;; line break), writing their records at OUT; stops after 16384 lines. Returns the number of
  ;; lines written; where the next call starts is at 52.
  (func (export "judge") (param $at i32) (param $from i32) (param $len i32) (result i32)
    (local $lines i32) (local $s i32) (local $p i32) (local $v v128) (local $lf i32)
    (local $cm i32) (local $qt i32) (local $commas i32) (local $quoted i32) (local $end i32)
    (local $rec i32) (local $status i32) (local $stop i32) (local $before i32)
    (local $q i32) (local $k i32) (local $fields i32) (local $n i32) (local $mark i32) (local $next i32)
    (local.set $s (i32.add (local.get $at) (local.get $from)))
    (local.set $stop (i32.add (local.get $at) (local.get $len)))
    (block $full
      (loop $line
        (br_if $full (i32.ge_u (local.get $s) (local.get $stop)))
        (br_if $full (i32.ge_u (local.get $lines) (i32.const 16384)))
        (local.set $commas (i32.const 0))
        (local.set $quoted (i32.const 0))
        (local.set $mark (i32.const 0))
        (local.set $next (i32.load (i32.const 8448)))
        (local.set $p (local.get $s))
        ;; sixteen bytes at a time up to the line break: the commas' places, any quote
        (loop $chunk
          (local.set $v (v128.load align=1 (local.get $p)))
          (local.set $lf (i8x16.bitmask (i8x16.eq (local.get $v) (i8x16.splat (i32.const 10)))))
          ;; the block's end: bytes past it are none of its lines (a last line without its line
          ;; break is left out, as JavaScript's reading does)
          (if (i32.gt_u (i32.add (local.get $p) (i32.const 16)) (local.get $stop))
            (then
              (br_if $full (i32.ge_u (local.get $p) (local.get $stop)))
              (local.set $lf (i32.and (local.get $lf)
                (i32.sub (i32.shl (i32.const 1) (i32.sub (local.get $stop) (local.get $p)))
                         (i32.const 1))))))
          (local.set $cm (i8x16.bitmask (i8x16.eq (local.get $v) (i8x16.splat (i32.const 44)))))
          (local.set $qt (i8x16.bitmask (i8x16.eq (local.get $v) (i8x16.splat (i32.const 34)))))
          (if (local.get $lf)
            (then
              ;; only what lies before the line break
              (local.set $before (i32.sub (i32.and (local.get $lf) (i32.sub (i32.const 0) (local.get $lf)))
                                          (i32.const 1)))
              (local.set $cm (i32.and (local.get $cm) (local.get $before)))
              (local.set $qt (i32.and (local.get $qt) (local.get $before)))))
          (local.set $quoted (i32.or (local.get $quoted) (local.get $qt)))
          ;; each comma ends a field and starts the next; only the chunks holding a comma the
          ;; checks need (its rank among the marks at 8448) are looked at comma by comma
          (local.set $n (i32.popcnt (local.get $cm)))
          (if (i32.lt_u (i32.add (local.get $commas) (local.get $n)) (local.get $next))
            (then (local.set $commas (i32.add (local.get $commas) (local.get $n))))
            (else
              (block $counted
                (loop $comma
                  (br_if $counted (i32.eqz (local.get $cm)))
                  (if (i32.lt_u (local.get $commas) (i32.const 999))
                    (then
                      (local.set $q (i32.add (local.get $p) (i32.ctz (local.get $cm))))
                      (local.set $k (i32.shl (local.get $commas) (i32.const 3)))
                      (i32.store offset=260 (local.get $k) (local.get $q))
                      (i32.store offset=264 (local.get $k) (i32.add (local.get $q) (i32.const 1)))))
                  (local.set $commas (i32.add (local.get $commas) (i32.const 1)))
                  (local.set $cm (i32.and (local.get $cm) (i32.sub (local.get $cm) (i32.const 1))))
                  (br $comma)))
              (loop $passed
                (local.set $next (i32.load offset=8448 (local.get $mark)))
                (if (i32.le_u (local.get $next) (local.get $commas))
                  (then
                    (local.set $mark (i32.add (local.get $mark) (i32.const 4)))
                    (br $passed))))))
          (if (i32.eqz (local.get $lf))
            (then
              (local.set $p (i32.add (local.get $p) (i32.const 16)))
              (br $chunk))))
        (local.set $end (i32.add (local.get $p) (i32.ctz (local.get $lf))))
        (local.set $p (i32.add (local.get $end) (i32.const 1)))
        (if (i32.gt_u (local.get $end) (local.get $s))
          (then (if (i32.eq (i32.load8_u (i32.sub (local.get $end) (i32.const 1))) (i32.const 13))
            (then (local.set $end (i32.sub (local.get $end) (i32.const 1)))))))
        ;; the fields: between the commas, or, when the line holds a quote, as `plainFields` reads
        (if (local.get $quoted)
          (then (local.set $fields (call $plain (local.get $s) (local.get $end))))
          (else
            (i32.store (i32.const 256) (local.get $s))
            (if (i32.lt_u (local.get $commas) (i32.const 999))
              (then (i32.store offset=260 (i32.shl (local.get $commas) (i32.const 3))
                      (local.get $end))))
            (local.set $fields (i32.add (local.get $commas) (i32.const 1)))))
        (local.set $rec (i32.add (i32.const 16384) (i32.mul (local.get $lines) (i32.const 20))))
        (local.set $status (i32.const 1))
        (if (i32.and
              (i32.le_u (i32.sub (local.get $end) (local.get $s)) (i32.load (i32.const 8)))
              (i32.eq (local.get $fields) (i32.load (i32.const 4))))
          (then
            (local.set $status
              (if (result i32) (i32.eq (i32.load (i32.const 0)) (i32.const 1))
                (then (call $establishment (local.get $rec) (local.get $at)))
                (else (call $unit (local.get $rec) (local.get $at)))))))
        (i32.store (local.get $rec) (i32.sub (local.get $s) (local.get $at)))
        (i32.store offset=4 (local.get $rec) (i32.sub (local.get $end) (local.get $at)))
        (i32.store offset=8 (local.get $rec) (local.get $status))
        (local.set $lines (i32.add (local.get $lines) (i32.const 1)))
        (local.set $s (local.get $p))
        (br $line)))
    (i32.store (i32.const 52) (i32.sub (local.get $s) (local.get $at)))
    (local.get $lines))
)
