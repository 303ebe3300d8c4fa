"""The reasoner's child process: owlready2 runs HermiT over two N-Triples files.

Run as ``python -m wsiskg.check.hermit JAVA ONTOLOGY DATA OUT`` by :mod:`wsiskg.check.reason`, which
kills the process group when the time is up. It imports owlready2 and nothing of wsiskg's RDF
stack, so it starts in milliseconds; it prints ``{"unsatisfiable": [...]}`` and writes what
HermiT inferred to ``OUT``. Exit codes: 0 consistent, 3 inconsistent, 4 Java failed.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Final

EXIT_INCONSISTENT: Final = 3
EXIT_JAVA_ERROR: Final = 4
INFERENCES_ONTOLOGY: Final = "http://inferrences/"  # owlready2's name, spelling included
#: HermiT's runs are short: the JIT's optimising tier costs more to warm than it saves
#: (measured: seed 1.4 s -> 1.0 s; a 16x corpus, 171k triples, 17 s -> 15 s).
JVM_OPTIONS: Final = "-XX:TieredStopAtLevel=1"


def main(java: str, ontology: Path, data: Path, out: Path) -> int:
    import owlready2

    owlready2.JAVA_EXE = java
    world = owlready2.World()
    world.get_ontology(ontology.as_uri()).load(format="ntriples")
    world.get_ontology(data.as_uri()).load(format="ntriples")
    try:
        owlready2.sync_reasoner_hermit(world, infer_property_values=True, debug=0)
    except owlready2.OwlReadyInconsistentOntologyError:
        print("inconsistent", file=sys.stderr)
        return EXIT_INCONSISTENT
    except owlready2.OwlReadyJavaError as exc:
        print(str(exc), file=sys.stderr)
        return EXIT_JAVA_ERROR
    world.get_ontology(INFERENCES_ONTOLOGY).save(file=str(out), format="ntriples")
    unsatisfiable = sorted(str(getattr(cls, "iri", cls)) for cls in world.inconsistent_classes())
    print(json.dumps({"unsatisfiable": unsatisfiable}))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], *(Path(arg) for arg in sys.argv[2:5])))
