#!/usr/bin/env bash
# Builds Ferry and runs every test: each project's unit tests and the capture-scenario suite (all in
# Ferry.sln), then prints one closing line "tests: N passed, N failed, N skipped".
set -uo pipefail
cd "$(dirname "$(readlink -f "$0")")"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

log="$(mktemp -t ferry-tests.XXXXXX)"
trap 'rm -f "$log"' EXIT

# Tests run real bubblewrap (the environment sandbox) and iproute2 (network namespaces for multi-host
# tests); install what is missing, once, when we can.
missing=""
command -v bwrap >/dev/null 2>&1 || missing="$missing bubblewrap"
command -v ip >/dev/null 2>&1 || missing="$missing iproute2"
if [ -n "$missing" ]; then
  if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "installing$missing…"
    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing; } >"$log" 2>&1 \
      || { tail -5 "$log"; echo "could not install$missing: the tests that need it will fail or skip, saying why"; }
  else
    echo "missing:$missing (not root with apt-get): the tests that need it will fail or skip, saying why"
  fi
fi

echo "building…"
if ! dotnet build Ferry.sln -nologo -v q >"$log" 2>&1; then
  grep -E ': error ' "$log" | sort -u | head -40
  echo "build failed"
  exit 1
fi

# A test that hangs fails the run (with a dump of what it was doing) instead of eating CI's time.
dotnet test Ferry.sln --no-build -nologo --blame-hang-timeout 10m 2>&1 | tee "$log"
status=${PIPESTATUS[0]}

# dotnet test prints one summary per test project; add them up into the closing line.
read -r passed failed skipped < <(awk '
  /^(Passed|Failed)! +- / {
    for (i = 1; i <= NF; i++) {
      v = $(i + 1); gsub(/,/, "", v)
      if ($i == "Failed:") f += v; else if ($i == "Passed:") p += v; else if ($i == "Skipped:") s += v
    }
  }
  END { print p + 0, f + 0, s + 0 }' "$log")
echo "tests: $passed passed, $failed failed, $skipped skipped"
if [ "$status" -eq 0 ] && [ "$passed" -eq 0 ]; then
  echo "no test ran"
  exit 1
fi
exit "$status"
