#!/usr/bin/env bash
# ensure-go.sh: checks that a Go toolchain able to build the module is on
# PATH (go.mod names the version; Go 1.21+ fetches a newer one by itself).
set -euo pipefail
if ! command -v go >/dev/null 2>&1; then
  echo "error: Go is not installed (or not on PATH). Install Go 1.24 or newer from https://go.dev/dl/ and retry." >&2
  exit 1
fi
