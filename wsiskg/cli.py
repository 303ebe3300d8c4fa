"""The ``wsiskg`` command line: thin commands over the pipeline, the API and the server.

Exit codes (also in ``docs/cli.md``):

- ``0`` success;
- ``1`` the data does not conform (``validate``, or a ``build`` refused by its SHACL shapes);
- ``2`` an error: bad input, unknown query, no build, bad option — one line on stderr.

Commands import their stage lazily, so ``wsiskg --help`` stays fast and a broken optional
part never stops the others.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer

from wsiskg.errors import ValidationError, WsiskgError

if TYPE_CHECKING:
    from wsiskg.api import KG
    from wsiskg.pipeline.run import BuildSummary
    from wsiskg.versions import Series

EXIT_OK = 0
EXIT_NONCONFORMING = 1
EXIT_ERROR = 2

app = typer.Typer(
    name="wsiskg",
    help="A knowledge graph of the WSIS negotiation drafts: parse, build, query, serve.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


class ResultFormat(StrEnum):
    """Output formats of ``query`` for SELECT results."""

    table = "table"
    csv = "csv"
    tsv = "tsv"
    json = "json"


class ExportFormat(StrEnum):
    """Output formats of ``export``."""

    ttl = "ttl"
    nt = "nt"
    nq = "nq"
    trig = "trig"
    jsonld = "jsonld"
    xml = "xml"


def fail(message: str, code: int = EXIT_ERROR) -> NoReturn:
    """One line on stderr, then exit."""
    typer.echo(f"wsiskg: error: {' '.join(message.split())}", err=True)
    raise typer.Exit(code)


@contextmanager
def guarded() -> Iterator[None]:
    """Turn wsiskg errors into one line and an exit code, never a traceback."""
    try:
        yield
    except ValidationError as error:
        fail(str(error), EXIT_NONCONFORMING)
    except WsiskgError as error:
        fail(str(error))
    except KeyboardInterrupt:
        fail("interrupted", 130)
    except OSError as error:
        fail(f"{error.filename or ''}: {error.strerror or error}".lstrip(": "))


def emit(text: str) -> None:
    """Write the whole output at once (nothing partial when an error came first)."""
    try:
        sys.stdout.write(text if text.endswith("\n") or not text else text + "\n")
        sys.stdout.flush()
    except BrokenPipeError:  # e.g. `wsiskg query … | head`
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())


def status(message: str) -> None:
    """A progress note on stderr (stdout stays clean for pipes)."""
    typer.echo(message, err=True)


@contextmanager
def progress(description: str) -> Iterator[Callable[[str], None]]:
    """Progress of long work on stderr: a spinner with each stage printed above it on a
    terminal, the stages as plain lines otherwise (stdout stays clean for pipes).

    Yields the function stages are reported with; nothing shows when no stage is reported.
    """
    if not sys.stderr.isatty():
        yield status
        return
    try:
        from rich.console import Console  # only for terminals
    except ImportError:  # pragma: no cover - typer normally brings rich
        yield status
        return
    console = Console(stderr=True)
    with console.status(description) as spinner:

        def say(stage: str) -> None:
            console.print(stage, style="dim", markup=False, highlight=False)
            spinner.update(f"{description}: {stage}")

        yield say


FileArg = Annotated[Path, typer.Argument(help="A negotiation text (UTF-8).", dir_okay=False)]


@app.command()
def parse(
    file: FileArg,
    as_json: Annotated[bool, typer.Option("--json", help="Print the model as JSON.")] = False,
) -> None:
    """Parse a negotiation text and print its outline (or the model as JSON)."""
    with guarded():
        from wsiskg.text.outline import document_to_dict, render_outline
        from wsiskg.text.parse import parse_file

        document = parse_file(file)
        if as_json:
            text = json.dumps(document_to_dict(document), indent=2, ensure_ascii=False)
        else:
            text = render_outline(document)
    emit(text)


@app.command()
def diff(
    old: Annotated[Path, typer.Argument(help="The earlier version (UTF-8).", dir_okay=False)],
    new: Annotated[Path, typer.Argument(help="The later version (UTF-8).", dir_okay=False)],
    as_json: Annotated[bool, typer.Option("--json", help="Print the diff as JSON.")] = False,
) -> None:
    """Compare two versions of a draft: paragraphs aligned by content, each bracket's fate,
    new brackets, and annex assignment changes (docs/versions.md)."""
    with guarded():
        from wsiskg.pipeline.series import diff_files
        from wsiskg.versions import diff_to_dict
        from wsiskg.versions.report import render_diff

        found = diff_files(old, new)
        text = (
            json.dumps(diff_to_dict(found), indent=2, ensure_ascii=False)
            if as_json
            else render_diff(found)
        )
    emit(text)


@app.command()
def build(
    files: Annotated[
        list[Path] | None,
        typer.Argument(help="Texts to build (default: the shipped corpus).", dir_okay=False),
    ] = None,
    out: Annotated[Path | None, typer.Option("--out", "-o", help="Build directory.")] = None,
    series: Annotated[
        bool,
        typer.Option(
            "--series",
            help="The texts are versions of one series, oldest first (a .toml "
            "series manifest is read as one without this flag).",
        ),
    ] = False,
) -> None:
    """Parse, extract, build, validate and reason; write the dataset to the build directory.

    Several drafts of one series (a series manifest, or texts in order with --series) are
    built as versions and compared (docs/versions.md). Exits 1 when the graph breaks its
    SHACL shapes (the previous build is kept).
    """
    with guarded():
        chosen = None
        if files and (series or any(f.suffix == ".toml" for f in files)):
            from wsiskg.pipeline.series import series_of

            chosen = series_of(files)
        _build_into(files or None, out, chosen)


def _build_into(files: list[Path] | None, out: Path | None, series: Series | None = None) -> None:
    """Run the pipeline with progress on stderr, then its summary; a refused or failed build
    says that the previous build was left as it was. With a ``series``, its versions."""
    from wsiskg.config import get_settings
    from wsiskg.pipeline.run import build as run_pipeline

    target = out if out is not None else get_settings().build_dir
    live = sys.stderr.isatty()  # the build draws its own progress bars on a terminal
    try:
        summary = run_pipeline(
            files, target, get_settings(), progress=status, live=live, series=series
        )
    except ValidationError as error:
        fail(f"build refused, {target} left as it was: {error}", EXIT_NONCONFORMING)
    except WsiskgError as error:
        fail(f"build failed, {target} left as it was: {error}")
    counts = ", ".join(f"{name} {count:,}" for name, count in summary.graphs.items())
    status(f"triples per named graph: {counts}")
    status(_summary_line(summary))
    status(_reuse_line(summary))
    for line in _stage_lines(summary):
        status(line)


def _reuse_line(summary: BuildSummary) -> str:
    """What a rebuild reused: the documents whose cached results still matched."""
    if not summary.reused:
        return f"rebuilt all {len(summary.rebuilt)} document(s)"
    rebuilt = ", ".join(summary.rebuilt[:5]) + (" ..." if len(summary.rebuilt) > 5 else "")
    return f"reused {len(summary.reused)} cached document(s); rebuilt {len(summary.rebuilt)}" + (
        f": {rebuilt}" if summary.rebuilt else ""
    )


def _stage_lines(summary: BuildSummary) -> list[str]:
    """Time and peak memory (the whole process tree) per stage."""
    lines = ["stage          items     seconds  peak memory"]
    for name, stats in summary.stages.items():
        items = int(stats.get("items", 0))
        lines.append(
            f"{name:<12} {items:>7,} {stats['seconds']:>10.2f} s {stats['peak_mib']:>7,.0f} MiB"
        )
    return lines


def _summary_line(summary: BuildSummary) -> str:
    documents = summary.documents
    return "; ".join(
        [
            f"{len(documents)} document(s)",
            f"{sum(d.paragraphs for d in documents)} paragraphs",
            f"{sum(d.commitments for d in documents)} commitments",
            f"{summary.explicit_assignments} explicit + {summary.inherited_assignments} "
            "inherited assignments",
            "SHACL: conforms",
            f"{len(summary.warnings)} SHACL warnings",
            summary.reasoning_note or "not reasoned",
        ]
    )


@app.command()
def validate(
    path: Annotated[
        Path | None, typer.Argument(help="An RDF file or build directory (default: the build).")
    ] = None,
) -> None:
    """Check RDF against the SHACL shapes: exit 0 conforms, 1 does not, 2 error."""
    with guarded():
        from wsiskg.check.shacl import format_report, validate_file
        from wsiskg.config import get_settings

        report = validate_file(path if path is not None else get_settings().build_dir)
    emit(format_report(report))
    raise typer.Exit(EXIT_OK if report.conforms else EXIT_NONCONFORMING)


@app.command()
def serve(
    host: Annotated[str | None, typer.Option(help="Interface to listen on.")] = None,
    port: Annotated[int | None, typer.Option(help="TCP port.")] = None,
    data: Annotated[
        list[Path] | None,
        typer.Option("--data", help="Further RDF files to serve, each as a named graph."),
    ] = None,
    build_dir: Annotated[
        Path | None, typer.Option("--build", help="Build directory to serve.")
    ] = None,
) -> None:
    """Serve the SPARQL endpoint, linked-data pages and UI (builds first when needed)."""
    with guarded():
        from wsiskg.config import get_settings
        from wsiskg.pipeline.cache import has_build
        from wsiskg.server import serve as run_server

        settings = get_settings()
        if build_dir is not None:
            settings = settings.model_copy(update={"build_dir": build_dir})
        if not has_build(settings.build_dir):
            status(f"no build in {settings.build_dir}: building the shipped corpus first")
            _build_into(None, settings.build_dir)
        run_server(
            host=host or settings.host,
            port=port or settings.port,
            data_paths=list(data or []),
            settings=settings,
        )


def _parse_params(params: list[str]) -> dict[str, str]:
    parsed: dict[str, str] = {}
    for param in params:
        name, sep, value = param.partition("=")
        if not sep or not name.strip():
            fail(f"--param expects name=value, got {param!r}")
        parsed[name.strip()] = value
    return parsed


@app.command()
def query(
    query: Annotated[
        str, typer.Argument(help="A query name from queries/, a .rq file, or SPARQL text.")
    ],
    fmt: Annotated[ResultFormat, typer.Option("--format", "-f", help="Result format.")] = (
        ResultFormat.table
    ),
    param: Annotated[
        list[str] | None, typer.Option("--param", "-p", help="A parameter: name=value.")
    ] = None,
    build_dir: Annotated[
        Path | None, typer.Option("--build", help="Build directory (default: build/).")
    ] = None,
    limit: Annotated[
        int | None, typer.Option(min=0, help="At most this many rows (SELECT): one page.")
    ] = None,
    offset: Annotated[int, typer.Option(min=0, help="Skip this many rows first.")] = 0,
    document: Annotated[
        str | None,
        typer.Option(help="Only rows naming a resource of this document (slug or IRI)."),
    ] = None,
) -> None:
    """Run a SPARQL query on the built dataset and print its results.

    SELECT results print as a table, CSV, TSV or SPARQL JSON; ASK prints true/false;
    CONSTRUCT/DESCRIBE print Turtle. `wsiskg queries` lists the named queries.
    --limit/--offset/--document page a large SELECT answer.
    """
    params = _parse_params(param or [])
    with guarded():
        from wsiskg.api import Page, format_answer

        kg = _load(build_dir)
        page = Page(limit=limit, offset=offset, document=document)
        text = format_answer(kg.run(query, params, page), fmt.value, kg.prefixes())
    emit(text)


@app.command("queries")
def list_queries() -> None:
    """List the named research queries with their questions and parameters."""
    with guarded():
        from wsiskg.query.registry import registry

        lines = []
        for item in registry():
            lines.append(f"{item.name}\n    {item.question}")
            lines += [
                f"    --param {p.name}=… ({p.kind}"
                + (f", default {p.default}" if p.default is not None else "")
                + ")"
                for p in item.parameters
            ]
    emit("\n".join(lines))


@app.command()
def export(
    fmt: Annotated[ExportFormat, typer.Option("--format", "-f", help="RDF format.")] = (
        ExportFormat.trig
    ),
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="File to write (default: stdout).")
    ] = None,
    graph: Annotated[
        str | None,
        typer.Option(help="One named graph (short name like 'structure', or its IRI)."),
    ] = None,
    build_dir: Annotated[
        Path | None, typer.Option("--build", help="Build directory (default: build/).")
    ] = None,
) -> None:
    """Export the dataset (all graphs, or one) as Turtle, N-Triples, N-Quads, TriG,
    JSON-LD or RDF/XML. Triple formats get the merge of all graphs."""
    with guarded():
        kg = _load(build_dir)
        data = kg.export(fmt.value, graph=graph)
        if output is not None:
            _write_atomically(output, data)
            status(f"wrote {output} ({len(data):,} bytes)")
            return
    try:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    except BrokenPipeError:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())


def _write_atomically(path: Path, data: bytes) -> None:
    partial = path.with_name(f".{path.name}.partial")
    partial.write_bytes(data)
    partial.replace(path)


@app.command()
def info(
    build_dir: Annotated[
        Path | None, typer.Option("--build", help="Build directory (default: build/).")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print as JSON.")] = False,
) -> None:
    """What is built: sources, triples per named graph, counts, conformance, versions."""
    with guarded():
        from wsiskg.api import describe_build, render_info

        facts = describe_build(build_dir)
        text = json.dumps(facts, indent=2, ensure_ascii=False) if as_json else render_info(facts)
    emit(text)


@app.command()
def publish(
    endpoint: Annotated[str, typer.Argument(help="The store's SPARQL query endpoint URL.")],
    dataset: Annotated[
        Path | None,
        typer.Option(help="N-Quads/TriG to publish (default: dataset.nq of the build)."),
    ] = None,
    update_endpoint: Annotated[
        str | None, typer.Option(help="SPARQL Update endpoint, when not the query one.")
    ] = None,
    graph_store: Annotated[
        str | None, typer.Option(help="Graph Store Protocol URL (replaces graphs by PUT).")
    ] = None,
    user: Annotated[str | None, typer.Option(envvar="WSISKG_PUBLISH_USER")] = None,
    password: Annotated[
        str | None, typer.Option(envvar="WSISKG_PUBLISH_PASSWORD", help="Or the env var.")
    ] = None,
    batch_size: Annotated[int, typer.Option(min=1, help="Triples per INSERT DATA.")] = 1000,
) -> None:
    """Publish the built dataset into an external SPARQL store, one named graph at a time."""
    with guarded():
        from wsiskg.config import DATASET_FILE, get_settings
        from wsiskg.publish.stores import PublishProgress, publish

        def show(step: PublishProgress) -> None:
            if step.sent == step.triples:
                status(f"[{step.index}/{step.total}] <{step.graph}>: {step.triples} triples")

        source = dataset if dataset is not None else get_settings().build_dir / DATASET_FILE
        report = publish(
            source, endpoint, update_endpoint, graph_store, user, password, show,
            batch_size=batch_size,
        )  # fmt: skip
    emit(
        f"published {len(report.graphs)} graphs, {report.triples} triples to {report.target} "
        f"({report.method}) in {report.seconds:.1f} s"
    )


def _load(build_dir: Path | None) -> KG:
    """The knowledge graph of ``build_dir`` (or the default build, built when missing)."""
    from wsiskg.api import load_for_cli

    with progress("loading the knowledge graph") as update:
        return load_for_cli(build_dir, progress=update)


def main(argv: list[str] | None = None) -> None:
    """Console-script entry point; an unexpected exception (a bug) is one line too, unless
    ``WSISKG_DEBUG`` is set."""
    try:
        app(args=argv, prog_name="wsiskg")
    except Exception as error:
        if os.environ.get("WSISKG_DEBUG"):
            raise
        typer.echo(
            f"wsiskg: internal error: {type(error).__name__}: {error} "
            "(please report it; WSISKG_DEBUG=1 shows the traceback)",
            err=True,
        )
        sys.exit(EXIT_ERROR)


if __name__ == "__main__":  # pragma: no cover
    main()
