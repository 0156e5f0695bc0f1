#!/bin/sh
# Print the path of a working python<version> (default 3.13, the Lambda runtime's), or say what to install.
#   scripts/find_python.sh [3.13]
# Looks on PATH first (a pyenv shim that does not run counts as missing), then under pyenv's
# versions directory ($PYENV_ROOT/versions/<version>.*, newest first). Exits 1 when neither has it.
set -u
want="${1:-3.13}"
# Works = runs, is that version, and can make a venv (Debian splits ensurepip into python3.x-venv).
works() { "$1" -c "import sys, ensurepip, venv; sys.exit(0 if '%d.%d' % sys.version_info[:2] == '$want' else 1)" >/dev/null 2>&1; }
if found="$(command -v "python$want" 2>/dev/null)" && works "$found"; then
  echo "$found"; exit 0
fi
root="${PYENV_ROOT:-$HOME/.pyenv}"
for candidate in $(ls -d "$root/versions/$want".* 2>/dev/null | grep -v "t$" | sort -rV); do
  if works "$candidate/bin/python$want"; then
    echo "$candidate/bin/python$want"; exit 0
  fi
done
cat >&2 <<MSG
python$want not found: not on PATH and not under $root/versions/.
Install Python $want, then run make again. One of:
  apt-get install python$want python$want-venv   where the OS packages it (3.13: Debian 13, Ubuntu 24.10+; not Debian 12)
  pyenv install $want                            anywhere else (builds it from source)
or point make at one: make test PYTHON=/path/to/python$want
MSG
exit 1
