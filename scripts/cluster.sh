#!/usr/bin/env bash
# A local Marquee cluster on loopback: Redis (membership, reminders), PostgreSQL (grain state), two silos in two
# regions and one API in client mode. Data, logs and pid files live under .cluster/ (gitignored).
#
#   scripts/cluster.sh up       build Release, start everything, wait until each part is ready
#   scripts/cluster.sh down     stop everything (API, silos, Redis, PostgreSQL); data stays for the next up
#   scripts/cluster.sh status   what runs, and what its health endpoint says
#   scripts/cluster.sh clean    down, then delete .cluster/
#
# Ports can be moved with environment variables (defaults in brackets): MARQUEE_REDIS_PORT [6390],
# MARQUEE_PG_PORT [5440], MARQUEE_API_PORT [5080], MARQUEE_SILO1_PORTS / MARQUEE_SILO2_PORTS as
# "silo,gateway,web" [11111,30000,8081 / 11112,30001,8082]; MARQUEE_CLUSTER_DIR moves the data [.cluster].
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
data=${MARQUEE_CLUSTER_DIR:-$root/.cluster}
logs=$data/logs
redis_port=${MARQUEE_REDIS_PORT:-6390}
pg_port=${MARQUEE_PG_PORT:-5440}
api_port=${MARQUEE_API_PORT:-5080}
IFS=, read -r silo1_port silo1_gateway silo1_web <<<"${MARQUEE_SILO1_PORTS:-11111,30000,8081}"
IFS=, read -r silo2_port silo2_gateway silo2_web <<<"${MARQUEE_SILO2_PORTS:-11112,30001,8082}"
silo1_region=${MARQUEE_SILO1_REGION:-eu-west}
silo2_region=${MARQUEE_SILO2_REGION:-us-east}
ready_timeout=${MARQUEE_READY_TIMEOUT:-120}

redis_endpoint=127.0.0.1:$redis_port
postgres="Host=127.0.0.1;Port=$pg_port;Username=marquee;Password=marquee;Database=marquee"
silo_dll=$root/src/Silo/bin/Release/net10.0/Silo.dll
api_dll=$root/src/Api/bin/Release/net10.0/Api.dll

say() { echo "cluster: $*"; }
die() { echo "cluster: $*" >&2; exit 1; }

# PostgreSQL refuses to run as root: when root, its commands run as the postgres user.
as_pg() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

pg_bin() {
  local tool=$1
  if command -v "$tool" >/dev/null 2>&1; then command -v "$tool"; return; fi
  local dir
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  [ -n "$dir" ] && [ -x "$dir/$tool" ] || die "$tool not found: install PostgreSQL 15 (apt-get install postgresql)"
  echo "$dir/$tool"
}

# The PostgreSQL data folder: under .cluster/ when the postgres user can reach it, else in the temp folder
# (a checkout under /root is not reachable by that user).
pg_data() {
  if [ -f "$data/pg.path" ]; then cat "$data/pg.path"; return; fi
  local dir=$data/pg
  if [ "$(id -u)" -eq 0 ] && ! runuser -u postgres -- test -x "$data"; then
    dir=${TMPDIR:-/tmp}/marquee-cluster-$(echo "$data" | md5sum | cut -c1-8)/pg
  fi
  echo "$dir" >"$data/pg.path"
  echo "$dir"
}

alive() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }

http_code() { curl -s -o /dev/null -m 5 -w '%{http_code}' "$1" 2>/dev/null || true; }

# Waits until a URL answers 200, or the process behind the pid file dies, or the deadline passes.
wait_ready() {
  local name=$1 url=$2 pidfile=$3 log=$4 deadline=$((SECONDS + ready_timeout))
  until [ "$(http_code "$url")" = 200 ]; do
    if ! alive "$pidfile"; then
      tail -n 20 "$log" >&2 || true
      die "$name exited before it was ready (log: $log)"
    fi
    if [ $SECONDS -ge $deadline ]; then
      tail -n 20 "$log" >&2 || true
      die "$name was not ready at $url within ${ready_timeout}s (log: $log)"
    fi
    sleep 0.5
  done
}

start_redis() {
  if alive "$data/redis.pid"; then say "redis already runs on $redis_endpoint"; return; fi
  mkdir -p "$data/redis"
  redis-server --port "$redis_port" --bind 127.0.0.1 --save '' --appendonly no --daemonize yes \
    --dir "$data/redis" --pidfile "$data/redis.pid" --logfile "$logs/redis.log"
  local deadline=$((SECONDS + 20))
  until redis-cli -p "$redis_port" ping 2>/dev/null | grep -q PONG; do
    [ $SECONDS -lt $deadline ] || die "redis did not answer on $redis_endpoint (log: $logs/redis.log)"
    sleep 0.2
  done
  say "redis on $redis_endpoint"
}

start_postgres() {
  local dir
  dir=$(pg_data)
  if ! [ -f "$dir/PG_VERSION" ]; then
    mkdir -p "$dir"
    if [ "$(id -u)" -eq 0 ]; then chown postgres: "$dir"; fi
    as_pg "$(pg_bin initdb)" -D "$dir" -U postgres -A trust --no-sync >"$logs/initdb.log" 2>&1 \
      || die "initdb failed (log: $logs/initdb.log)"
  fi
  if as_pg "$(pg_bin pg_ctl)" -D "$dir" status >/dev/null 2>&1; then
    say "postgres already runs on 127.0.0.1:$pg_port"
  else
    # The log sits in the data folder: the postgres user can always write there.
    as_pg "$(pg_bin pg_ctl)" -D "$dir" -l "$dir/postgres.log" -w -t 60 \
      -o "-p $pg_port -c listen_addresses=127.0.0.1 -k $dir -c fsync=off" start >/dev/null \
      || die "postgres did not start (log: $dir/postgres.log)"
    say "postgres on 127.0.0.1:$pg_port"
  fi
  psql -h 127.0.0.1 -p "$pg_port" -U postgres -d postgres -v ON_ERROR_STOP=1 -q >/dev/null <<'SQL' || die "could not create the marquee role and database"
SELECT 'CREATE ROLE marquee LOGIN PASSWORD ''marquee''' WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'marquee')\gexec
SELECT 'CREATE DATABASE marquee OWNER marquee' WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = 'marquee')\gexec
SQL
}

# start_process NAME DLL ENV... -- ARGS...: runs a .NET app in the background with its own pid file and log.
start_process() {
  local name=$1 dll=$2; shift 2
  local env=()
  while [ $# -gt 0 ] && [ "$1" != -- ]; do env+=("$1"); shift; done
  shift
  if alive "$data/$name.pid"; then say "$name already runs (pid $(cat "$data/$name.pid"))"; return; fi
  # From its own folder, so the app finds its appsettings.json (the content root is the working directory).
  (cd "$(dirname "$dll")" && exec env "${env[@]}" setsid dotnet "$dll" "$@") >"$logs/$name.log" 2>&1 </dev/null &
  echo $! >"$data/$name.pid"
}

silo_env() {
  echo ASPNETCORE_ENVIRONMENT=Production Orleans__Redis="$redis_endpoint" Orleans__Postgres="$postgres" \
    Orleans__SiloPort="$1" Orleans__GatewayPort="$2" Orleans__Region="$3" MediaUrls__SigningKey="$(media_key)"
}

# The silos sign media URLs and the API checks them with one key: one per .cluster/, kept across runs.
media_key() {
  [ -f "$data/media-key" ] || head -c 32 /dev/urandom | base64 | tr -d '\n' >"$data/media-key"
  echo "${MARQUEE_MEDIA_KEY:-$(cat "$data/media-key")}"
}

up() {
  local started=$SECONDS
  mkdir -p "$logs"
  command -v redis-server >/dev/null || die "redis-server not found: apt-get install redis-server"
  say "building Release"
  dotnet build -c Release "$root/src/Silo/Silo.csproj" -v q -nologo >"$logs/build.log" 2>&1 || { tail -n 30 "$logs/build.log" >&2; die "build failed"; }
  dotnet build -c Release "$root/src/Api/Api.csproj" -v q -nologo >>"$logs/build.log" 2>&1 || { tail -n 30 "$logs/build.log" >&2; die "build failed"; }
  say "built in $((SECONDS - started))s"

  start_redis
  start_postgres
  Orleans__Postgres="$postgres" dotnet "$silo_dll" schema apply || die "schema apply failed"

  # shellcheck disable=SC2046
  start_process silo1 "$silo_dll" $(silo_env "$silo1_port" "$silo1_gateway" "$silo1_region") -- --urls "http://127.0.0.1:$silo1_web"
  # shellcheck disable=SC2046
  start_process silo2 "$silo_dll" $(silo_env "$silo2_port" "$silo2_gateway" "$silo2_region") -- --urls "http://127.0.0.1:$silo2_web"
  wait_ready silo1 "http://127.0.0.1:$silo1_web/health/ready" "$data/silo1.pid" "$logs/silo1.log"
  say "silo1 ready ($silo1_region; silo $silo1_port, gateway $silo1_gateway, http://127.0.0.1:$silo1_web/dashboard/)"
  wait_ready silo2 "http://127.0.0.1:$silo2_web/health/ready" "$data/silo2.pid" "$logs/silo2.log"
  say "silo2 ready ($silo2_region; silo $silo2_port, gateway $silo2_gateway, http://127.0.0.1:$silo2_web/dashboard/)"

  # Every API instance of a cluster signs and checks tokens with the same key: one per .cluster/, kept across runs.
  [ -f "$data/signing-key" ] || head -c 48 /dev/urandom | base64 | tr -d '\n/+=' >"$data/signing-key"
  # The demo catalogue and member are seeded into PostgreSQL by the API (idempotent: existing data is kept).
  start_process api "$api_dll" ASPNETCORE_ENVIRONMENT=Production Orleans__Mode=Cluster Orleans__SeedDemoData="${MARQUEE_SEED_DEMO:-true}" \
    Orleans__Redis="$redis_endpoint" Orleans__Postgres="$postgres" Auth__SigningKey="${MARQUEE_SIGNING_KEY:-$(cat "$data/signing-key")}" \
    MediaUrls__SigningKey="$(media_key)" -- --urls "http://127.0.0.1:$api_port"
  wait_ready api "http://127.0.0.1:$api_port/health/ready" "$data/api.pid" "$logs/api.log"
  say "api ready (client mode): http://127.0.0.1:$api_port  (docs /scalar, health /health/ready)"
  say "up in $((SECONDS - started))s; logs in $logs"
}

# Stops the process behind a pid file: SIGTERM, then SIGKILL when it has not ended after the grace period.
stop_process() {
  local name=$1 pidfile=$data/$1.pid grace=${2:-20}
  if ! alive "$pidfile"; then rm -f "$pidfile"; return; fi
  local pid
  pid=$(cat "$pidfile")
  kill -TERM "$pid" 2>/dev/null || true
  local deadline=$((SECONDS + grace))
  while kill -0 "$pid" 2>/dev/null && [ $SECONDS -lt $deadline ]; do sleep 0.2; done
  if kill -0 "$pid" 2>/dev/null; then
    say "$name did not stop in ${grace}s: killing it"
    kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -f "$pidfile"
  [ "$name" = redis ] || say "$name stopped"
}

down() {
  stop_process api
  stop_process silo2
  stop_process silo1
  if alive "$data/redis.pid"; then
    redis-cli -p "$redis_port" shutdown nosave >/dev/null 2>&1 || true
    stop_process redis 10
    say "redis stopped"
  fi
  rm -f "$data/redis.pid"
  if [ -f "$data/pg.path" ]; then
    local dir
    dir=$(cat "$data/pg.path")
    if [ -f "$dir/postmaster.pid" ]; then
      as_pg "$(pg_bin pg_ctl)" -D "$dir" -m fast -w stop >/dev/null 2>&1 && say "postgres stopped" || true
    fi
  fi
}

status() {
  local name url
  for name in redis silo1 silo2 api; do
    case $name in
      silo1) url="http://127.0.0.1:$silo1_web/health/ready" ;;
      silo2) url="http://127.0.0.1:$silo2_web/health/ready" ;;
      api) url="http://127.0.0.1:$api_port/health/ready" ;;
      *) url="" ;;
    esac
    if alive "$data/$name.pid"; then
      if [ -n "$url" ]; then
        printf '%-8s pid %-7s %s -> %s\n' "$name" "$(cat "$data/$name.pid")" "$url" "$(http_code "$url")"
      else
        printf '%-8s pid %-7s 127.0.0.1:%s -> %s\n' "$name" "$(cat "$data/$name.pid")" "$redis_port" "$(redis-cli -p "$redis_port" ping 2>/dev/null)"
      fi
    else
      printf '%-8s stopped\n' "$name"
    fi
  done
  if [ -f "$data/pg.path" ] && [ -f "$(cat "$data/pg.path")/postmaster.pid" ]; then
    printf '%-8s pid %-7s 127.0.0.1:%s -> %s\n' postgres "$(head -n 1 "$(cat "$data/pg.path")/postmaster.pid")" "$pg_port" \
      "$(pg_isready -h 127.0.0.1 -p "$pg_port" -q && echo accepting || echo 'not ready')"
  else
    printf '%-8s stopped\n' postgres
  fi
}

clean() {
  down
  if [ -f "$data/pg.path" ]; then rm -rf "$(cat "$data/pg.path")"; fi
  rm -rf "$data"
  say "removed $data"
}

case ${1:-} in
  up) up ;;
  down) down ;;
  status) status ;;
  clean) clean ;;
  *) echo "usage: scripts/cluster.sh up|down|status|clean" >&2; exit 2 ;;
esac
