#!/usr/bin/env bash
# Runs each cargo-fuzz target for SECONDS (default 600) on the nightly toolchain, seeded with the
# bad/ corpus and the small real files. Prints the execution counts libFuzzer reports.
set -euo pipefail
cd "$(dirname "$0")/.."
SECS=${1:-600}
TARGETS=${2:-"geojson topojson table snapshot split sheet view classify join workbook seal"}
command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz
failed=0
for t in $TARGETS; do
  mkdir -p fuzz/corpus/$t
  case $t in
    geojson) cp ../shared/data/bad/*.geojson fuzz/corpus/$t/ 2>/dev/null || true ;;
    topojson) cp ../shared/data/bad/topojson-bad-arc-index.json ../shared/data/us/states-10m.json fuzz/corpus/$t/ ;;
    snapshot) SNAPSHOT_SEEDS=$PWD/fuzz/corpus/$t cargo test -q --lib -- snapshot parts_packed >/dev/null ;; # the round-trip tests write their snapshots (and two parts of a layer)
    split) for f in ../shared/data/bad/*.geojson; do { printf '\x40\x01'; cat "$f"; } > fuzz/corpus/$t/"$(basename "$f")"; done ;; # two bytes choose the cut
    sheet) printf '%s' '{"title":"T","source":"S","legendTitle":"L","width":400,"height":300,"view":[0.5,-10,400],"over":[["c",1,2,3,"#1f5fa88c",null,0],["t",5,6,"A",11,0,1,"#1d2430ff",1],["l",0,0,1,1,"#000",1,1],["r",1,2,3,4,"#fff","#000",1]],"symbols":{"square":1,"fill":"#1f5fa88c","title":"P","sizes":[[28,"2"],[14,"1"]]}}' > fuzz/corpus/$t/page.json ;;
    view) # 16 bytes choose the projection, the canvas, the zoom and centre, the steps; the rest is the file
      for f in ../shared/data/bad/*.geojson ../shared/data/bad/topojson-bad-arc-index.json; do
        v=0
        for head in '\x01\xc7\x77\x20\x20\x80\x80\x28\x00\x02\x20\xff\x00\x00\x00\x00' \
                    '\x04\xc7\x77\x20\x3c\x60\xa0\x28\x01\x02\x00\x03\x01\x00\x00\x00' \
                    '\x08\x3f\x1f\x10\x8c\x80\x80\x40\x00\x05\x40\x28\x00\x00\x00\x00'; do
          { printf "$head"; cat "$f"; } > fuzz/corpus/$t/"$(basename "$f")-$v"
          v=$((v + 1))
        done
      done ;;
    classify) # method, classes, form (odd: close values far from zero), then the values
      printf '\x01\x05\x00\x00\x00\x00\x00\x00\x00\xf0\x3f\x00\x00\x00\x00\x00\x00\x00\x40\x00\x00\x00\x00\x00\x00\x24\x40' > fuzz/corpus/$t/three
      printf '\x0f\x05\x03\x80\x81\x82\x80\x8c' > fuzz/corpus/$t/near-1e20
      printf '\x05\x05\x01\x80\x80\x80\x80' > fuzz/corpus/$t/ties ;;
    join) # the features' codes a line, NUL, a byte of options, then the table
      printf '01001\n2A004\n06\n75056\n\x00\x0fcode;pop\n1001;12\n2a004;5\n6;3\n6;4\n97411;1\n' > fuzz/corpus/$t/codes
      printf 'a\nb\n\x00\x1fk,v\nA,1\n B ,2\n' > fuzz/corpus/$t/filter ;;
    seal) # a byte cuts the key's text from the sealed bytes
      k=00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff
      printf '\x40%sSAS1%s' "$k" '0123456789abcdef0123456789abcdef0123' > fuzz/corpus/$t/key-and-bytes
      printf '\x45#key=%s' "$k" > fuzz/corpus/$t/fragment ;;
    workbook) cp tests/data/departements.xlsx tests/data/departements.ods fuzz/corpus/$t/ ;;
    table) cp ../shared/data/bad/*.csv ../shared/data/bad/*.txt ../shared/data/us/obesity.json ../shared/data/fr/population-departements.csv fuzz/corpus/$t/ ;;
  esac
  chmod u+w fuzz/corpus/$t/* 2>/dev/null || true
  echo "== fuzz $t for ${SECS}s"
  cargo +nightly fuzz run $t fuzz/corpus/$t -- -max_total_time=$SECS -rss_limit_mb=4096 -timeout=10 2>&1 | tee target/fuzz-$t.log | grep -E "^(Done|#[0-9]+ *DONE)|SUMMARY|panicked|crash" || true
  grep -E "Done [0-9]+ runs" target/fuzz-$t.log || { echo "fuzz $t did not finish cleanly (see target/fuzz-$t.log, fuzz/artifacts/$t)"; failed=1; }
done
exit $failed
