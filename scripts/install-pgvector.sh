#!/usr/bin/env bash
# Makes `CREATE EXTENSION vector` work on a Debian machine whose PostgreSQL is already running.
#
# Does nothing (and prints nothing) when the server already offers the extension. Otherwise it installs
# postgresql-server-dev-<major> for the running server's major version, fetches Debian trixie's source package
# `pgvector` (no bookworm package ships it) and builds and installs it against that major version.
#
# The trixie deb-src index is read through apt's -o Dir::... options pointing into a temporary directory, so the
# system's apt sources, lists and caches are left as they were.
#
# Connection: the usual libpq variables (PGHOST, PGPORT, PGUSER); defaults 127.0.0.1:5432, user postgres.
# Needs root (or sudo) for apt-get and `make install`.
set -euo pipefail

export PGHOST="${PGHOST:-127.0.0.1}" PGPORT="${PGPORT:-5432}" PGUSER="${PGUSER:-postgres}"
readonly SOURCE_SUITE_LINE='deb-src [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian trixie main'
readonly SOURCE_PACKAGE=pgvector

log() { echo "install-pgvector: $*" >&2; }
die() { log "$*"; exit 1; }

# Over TCP as $PGUSER first; a stock Debian server asks for a password there, so as root fall back to the
# postgres OS user over the local socket (peer authentication).
query() { psql -X -tAc "$1"; }
command -v psql >/dev/null || die "psql not found; install postgresql-client"
if ! query 'select 1' >/dev/null 2>&1; then
  if [[ $EUID -eq 0 ]] && id postgres >/dev/null 2>&1 \
      && runuser -u postgres -- env -u PGHOST psql -X -p "$PGPORT" -tAc 'select 1' >/dev/null 2>&1; then
    query() { runuser -u postgres -- env -u PGHOST psql -X -p "$PGPORT" -tAc "$1"; }
  else
    die "cannot connect to PostgreSQL at $PGHOST:$PGPORT as $PGUSER (nor as the postgres OS user)"
  fi
fi

extension_available() {
  [[ "$(query "select 1 from pg_available_extensions where name = 'vector'" 2>/dev/null)" == 1 ]]
}

if extension_available; then
  exit 0
fi

SUDO=()
if [[ $EUID -ne 0 ]]; then
  command -v sudo >/dev/null || die "run as root (apt-get and make install need it)"
  SUDO=(sudo)
fi

# server_version_num is e.g. 150020; its major version is the part above 10000.
major=$(( $(query 'show server_version_num') / 10000 ))
pg_config="/usr/lib/postgresql/$major/bin/pg_config"
log "pgvector is missing on PostgreSQL $major; building it from Debian trixie's source package"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
build_log="$work/build.log"
run_logged() {
  if ! "$@" >>"$build_log" 2>&1; then
    tail -n 40 "$build_log" >&2
    die "failed: $*"
  fi
}

# postgresql-<major> itself ships pg_config, so the server headers tell whether the dev package is there.
server_header="/usr/include/postgresql/$major/server/postgres.h"
needed=()
[[ -f "$server_header" && -x "$pg_config" ]] || needed+=("postgresql-server-dev-$major")
command -v make >/dev/null && command -v gcc >/dev/null || needed+=(build-essential)
command -v dpkg-source >/dev/null || needed+=(dpkg-dev)
if (( ${#needed[@]} )); then
  export DEBIAN_FRONTEND=noninteractive
  # Only refresh the system's lists when apt does not know a package yet (fresh images ship without lists).
  for pkg in "${needed[@]}"; do
    if ! apt-cache show "$pkg" >/dev/null 2>&1; then
      run_logged "${SUDO[@]}" apt-get update -q
      break
    fi
  done
  log "installing ${needed[*]}"
  run_logged "${SUDO[@]}" apt-get install -y -q --no-install-recommends "${needed[@]}"
fi
[[ -f "$server_header" && -x "$pg_config" ]] || die "postgresql-server-dev-$major did not provide $server_header and $pg_config"

# A private apt state: our own source list, lists and caches, so nothing under /etc/apt or /var/lib/apt changes.
mkdir -p "$work/lists/partial" "$work/cache/archives/partial" "$work/src"
echo "$SOURCE_SUITE_LINE" >"$work/sources.list"
apt_private=(
  -o "Dir::Etc::SourceList=$work/sources.list"
  -o Dir::Etc::SourceParts=/dev/null
  -o "Dir::State::Lists=$work/lists"
  -o "Dir::Cache=$work/cache"
  -o APT::Sandbox::User=root
)
log "fetching the $SOURCE_PACKAGE source package from trixie"
run_logged apt-get "${apt_private[@]}" update -q
(cd "$work/src" && run_logged apt-get "${apt_private[@]}" source -q "$SOURCE_PACKAGE")
src_dir=$(find "$work/src" -mindepth 1 -maxdepth 1 -type d -name "$SOURCE_PACKAGE-*" | head -n 1)
[[ -n "$src_dir" ]] || die "the $SOURCE_PACKAGE source package did not unpack"

log "building $(basename "$src_dir") against $pg_config"
# with_llvm=no: the JIT bitcode needs clang, which the extension does not need to work.
run_logged make -C "$src_dir" PG_CONFIG="$pg_config" with_llvm=no -j"$(nproc)"
run_logged "${SUDO[@]}" make -C "$src_dir" PG_CONFIG="$pg_config" with_llvm=no install

extension_available || die "built and installed pgvector, but PostgreSQL $major still does not offer it"
log "pgvector $(query "select default_version from pg_available_extensions where name = 'vector'") installed"
