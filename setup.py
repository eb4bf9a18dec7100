"""Build hook: compile the extraction hot path to C with mypyc, or leave it pure Python.

`pyproject.toml` holds the project's metadata; this file only adds the compiled modules. They are
built for a regular install (`pip install .`, a wheel), where they make extraction 1.5–2× as fast
(see BENCHMARKS.md). They are not built for an editable install (`pip install -e .`), whose point
is that an edited source file takes effect at once: a compiled copy beside it would shadow it.
Set FACTCHECK_PURE_PYTHON=1 to skip compiling; when it fails (no C compiler), the pure-Python
modules, which are always installed, are used instead.
"""

from __future__ import annotations

import os
import sys

from setuptools import setup

# The modules extraction spends its time in; each is compiled on its own (no shared library), so
# that one failing to build leaves the others, and the pure-Python copy of itself, in place.
COMPILED = ("fastpath", "numerals", "numbers", "cleanup", "places", "figures", "extract", "jsonio", "render/claims")
BUILD_COMMANDS = {"bdist_wheel", "build", "build_ext", "install"}


def compiled_modules() -> list:
    if os.environ.get("FACTCHECK_PURE_PYTHON") or not BUILD_COMMANDS.intersection(sys.argv[1:]):
        return []  # metadata queries and editable installs (editable_wheel) need no compiler
    try:
        from mypyc.build import mypycify
    except ImportError:
        print("factcheck: mypyc is not available; installing pure Python", file=sys.stderr)
        return []
    try:
        extensions = mypycify([f"factcheck/{name}.py" for name in COMPILED], opt_level="3", separate=True)
    except BaseException as error:  # mypyc reports type errors by exiting
        print(f"factcheck: mypyc failed ({error}); installing pure Python", file=sys.stderr)
        return []
    for extension in extensions:
        extension.optional = True  # a compiler error leaves the pure-Python module in use
    return extensions


setup(ext_modules=compiled_modules())
