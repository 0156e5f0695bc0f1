"""Add bytecode to a Zappa package: `python scripts/compile_package.py build/tradeapi-dev.zip`.

Lambda's /var/task is read-only, so without .pyc files in the zip every cold start
compiles every imported module (measured: about 4 s of a 6 s cold start). The
bytecode is written with the unchecked-hash invalidation mode: Python uses it without
comparing the source's mtime, which a zip round-trip does not preserve exactly.
Must run under the Lambda runtime's Python minor version (3.13, `runtime` in zappa_settings.json).
"""

import compileall
import os
import sys
import tempfile
import zipfile
from pathlib import Path
from py_compile import PycInvalidationMode


def compile_package(package: Path) -> None:
    if sys.version_info[:2] != (3, 13):
        raise SystemExit(f"compile with Python 3.13 (the Lambda runtime), not {sys.version.split()[0]}")
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        with zipfile.ZipFile(package) as archive:
            archive.extractall(root)
        ok = compileall.compile_dir(root, quiet=1, workers=0, invalidation_mode=PycInvalidationMode.UNCHECKED_HASH)
        if not ok:
            raise SystemExit("some modules in the package do not compile")
        rebuilt = package.with_name(package.name + ".compiled")
        with zipfile.ZipFile(rebuilt, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
            for path in sorted(root.rglob("*")):
                if path.is_file():
                    info = zipfile.ZipInfo.from_file(path, path.relative_to(root).as_posix())
                    info.compress_type = zipfile.ZIP_DEFLATED
                    info.external_attr = (0o755 if os.access(path, os.X_OK) else 0o644) << 16
                    archive.writestr(info, path.read_bytes(), compresslevel=9)
        rebuilt.replace(package)


if __name__ == "__main__":
    compile_package(Path(sys.argv[1]))
