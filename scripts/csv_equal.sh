#!/bin/sh
# csv_equal.sh OLD NEW: every CSV (and .meta.csv) of OLD byte for byte
# against NEW's of the same name.
set -eu
status=0
for f in "$1"/*.csv; do
  n=$(basename "$f")
  if cmp -s "$f" "$2/$n"; then echo "same $n"; else echo "DIFF $n"; status=1; fi
done
exit $status
