#!/bin/sh
# parquet_equal.sh OLD NEW: compares two releases' Parquet files with DuckDB
# (the shared checking toolkit's tools/sql, ../shared/tools/setup.sh): for
# every file of OLD, the row counts and the rows only one side has, as
# multisets (EXCEPT ALL both ways). Equal files print "N,N,0,0".
set -eu
old=$1 new=$2
sql=${SQL:-"$(dirname "$0")/../../shared/tools/sql"}
for f in "$old"/*.parquet; do
  n=$(basename "$f")
  r=$("$sql" "SELECT (SELECT count(*) FROM '$f') AS old_rows, (SELECT count(*) FROM '$new/$n') AS new_rows,
    (SELECT count(*) FROM (SELECT * FROM '$f' EXCEPT ALL SELECT * FROM '$new/$n')) AS only_old,
    (SELECT count(*) FROM (SELECT * FROM '$new/$n' EXCEPT ALL SELECT * FROM '$f')) AS only_new" | tail -1)
  echo "$n $r"
done
