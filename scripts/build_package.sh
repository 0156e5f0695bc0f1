#!/bin/sh
# Build the Zappa package for one stage from the runtime-only env (.venv-lambda).
#   scripts/build_package.sh <stage> <output zip>
# Serialized with flock: `make test` run by two people at once must not interleave builds.
set -eu
stage="$1"; out="$2"
venv="$(pwd)/.venv-lambda"
mkdir -p build
exec 9>build/.package.lock
flock 9
tmp="build/.package-$$.zip"
trap 'rm -f "$tmp"' EXIT
# Source maps and the unused ReDoc bundle stay out: the docs page is Swagger UI.
"$venv/bin/python" manage.py collectstatic --noinput --clear -v0 -i "*.map" -i redoc
VIRTUAL_ENV="$venv" PATH="$venv/bin:$PATH" AWS_DEFAULT_REGION="${AWS_DEFAULT_REGION:-us-east-1}" \
    "$venv/bin/zappa" package "$stage" -o "$tmp" >/dev/null
"$venv/bin/python" scripts/compile_package.py "$tmp"
mv "$tmp" "$out"
ls -l "$out"
