#!/usr/bin/env bash
# Stops what a race bench run left running in its scratch folder (if the bench itself was killed):
# the n8n processes (their process groups) and Redis from the pid files it wrote, then PostgreSQL.
#   bash scripts/queue-mode/stop.sh RUN_DIR
set -uo pipefail
[[ $# -eq 1 && -d $1 ]] || { echo "usage: stop.sh RUN_DIR" >&2; exit 2; }
run=$1
for file in "$run"/main.pid "$run"/worker*.pid; do
  [[ -f $file ]] || continue
  pid=$(cat "$file")
  kill -TERM -- "-$pid" 2>/dev/null && echo "stopped $(basename "$file" .pid) (process group $pid)"
done
if [[ -f $run/redis.pid ]]; then kill -TERM "$(cat "$run/redis.pid")" 2>/dev/null && echo "stopped Redis"; fi
pg_ctl=$(ls /usr/lib/postgresql/*/bin/pg_ctl 2>/dev/null | tail -n 1)
if [[ -n $pg_ctl && -f $run/pg/data/postmaster.pid ]]; then
  if [[ $(id -u) == 0 ]]; then runuser -u postgres -- "$pg_ctl" -D "$run/pg/data" -m fast -w stop; else "$pg_ctl" -D "$run/pg/data" -m fast -w stop; fi
fi
