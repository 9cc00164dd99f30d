#!/usr/bin/env bash
# Offline checks of deploy/: Terraform (init, validate, fmt, test, example) and the compose file.
# Each tool missing here is reported as SKIPPED rather than failed; any real failure exits non-zero.
set -euo pipefail

DEPLOY_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_DIR="$(dirname "$DEPLOY_DIR")"
TF_DIR="$DEPLOY_DIR/terraform"
PLUGIN_DIR="${TF_PLUGIN_DIR:-/opt/tf-plugins}"

passed=0
failed=0
skipped=0

step() {
  echo "--- $*"
  "$@"
}

check_terraform() {
  # The registry is unreachable here: only the local provider mirror can initialise.
  step terraform -chdir="$TF_DIR" init -backend=false -plugin-dir="$PLUGIN_DIR" -input=false -no-color >/dev/null
  step terraform -chdir="$TF_DIR" validate -no-color
  (cd "$DEPLOY_DIR" && step terraform fmt -check -recursive -no-color)
  step terraform -chdir="$TF_DIR" test -no-color
  step terraform -chdir="$TF_DIR/examples/complete" init -backend=false -plugin-dir="$PLUGIN_DIR" -input=false -no-color >/dev/null
  step terraform -chdir="$TF_DIR/examples/complete" validate -no-color
}

check_compose() {
  step "${COMPOSE[@]}" -f "$REPO_DIR/docker-compose.yml" config -q
}

run_check() {
  local name=$1
  shift
  local rc
  echo "=== $name"
  # Not under if/||: there set -e would be ignored inside the subshell and a failed step could pass.
  set +e
  (
    set -e
    "$@"
  )
  rc=$?
  set -e
  if [ "$rc" -eq 0 ]; then
    echo "PASSED: $name"
    passed=$((passed + 1))
  else
    echo "FAILED: $name (exit $rc)"
    failed=$((failed + 1))
  fi
}

if ! command -v terraform >/dev/null 2>&1; then
  echo "SKIPPED: terraform not installed"
  skipped=$((skipped + 1))
elif [ ! -d "$PLUGIN_DIR" ]; then
  echo "SKIPPED: terraform provider mirror $PLUGIN_DIR not found"
  skipped=$((skipped + 1))
else
  run_check terraform check_terraform
fi

# Prefer the Compose v2 plugin; fall back to the standalone docker-compose (Debian ships 1.29).
if command -v docker >/dev/null 2>&1 && docker compose version >/dev/null 2>&1; then
  COMPOSE=(docker compose)
elif command -v docker-compose >/dev/null 2>&1; then
  COMPOSE=(docker-compose)
else
  COMPOSE=()
fi

if [ ${#COMPOSE[@]} -eq 0 ]; then
  echo "SKIPPED: docker-compose not installed"
  skipped=$((skipped + 1))
else
  run_check compose check_compose
fi

if [ "$skipped" -gt 0 ]; then
  echo "deploy-checks: $passed passed, $failed failed, $skipped skipped"
else
  echo "deploy-checks: $passed passed, $failed failed"
fi

[ "$failed" -eq 0 ]
