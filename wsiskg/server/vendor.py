"""Copy the browser assets installed by npm into ``static/vendor`` (run by ``make setup``).

The app serves YASGUI and Swagger UI itself so that no page loads anything from a CDN;
axe-core is copied too, for the browser tests' accessibility checks.
Usage: ``python -m wsiskg.server.vendor [NODE_MODULES]`` (default ``./node_modules``).
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

VENDOR_DIR = Path(__file__).with_name("static") / "vendor"
#: package folder in node_modules -> (target folder, files to copy)
ASSETS: dict[str, tuple[str, tuple[str, ...]]] = {
    "@zazuko/yasgui": ("yasgui", ("build/yasgui.min.js", "build/yasgui.min.css", "package.json")),
    "swagger-ui-dist": ("swagger-ui", ("swagger-ui-bundle.js", "swagger-ui.css", "LICENSE")),
    # The accessibility engine the browser tests run in each page (served like the others).
    "axe-core": ("axe", ("axe.min.js", "LICENSE")),
}


def vendor(node_modules: Path, target: Path = VENDOR_DIR) -> list[Path]:
    """Copy every asset; raise FileNotFoundError naming what ``npm ci`` did not install."""
    copied = []
    for package, (folder, files) in ASSETS.items():
        for name in files:
            source = node_modules / package / name
            if not source.is_file():
                raise FileNotFoundError(f"{source} missing: run `npm ci --ignore-scripts` first")
            destination = target / folder / Path(name).name
            destination.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, destination)
            copied.append(destination)
    return copied


def main(argv: list[str]) -> int:
    """Command-line entry: exit 0 when copied, 2 when an asset is missing."""
    node_modules = Path(argv[0]) if argv else Path("node_modules")
    try:
        copied = vendor(node_modules)
    except FileNotFoundError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    print(f"copied {len(copied)} files into {VENDOR_DIR}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
