"""Command line: ``summarizer digest PATH [PATH ...]``, ``summarizer stories PATH [PATH ...]``,
``summarizer batch IN.jsonl --out OUT.jsonl``.

Exit codes: 0 ok, 2 bad input, 3 model unavailable, 1 anything else; every
failure prints one line that says what to do. Progress goes to stderr, the
digest to stdout or --out.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import logging
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from summarizer.device import DTYPES
from summarizer.embed import BACKENDS, DEFAULT_BACKEND
from summarizer.errors import ConfigurationError, InputError, ModelUnavailableError, SummarizerError
from summarizer.extract import DEFAULT_MAX_WORDS
from summarizer.ingest import DEFAULT_TIMEOUT_S
from summarizer.render import FORMATS, render
from summarizer.types import Article

EXIT_OK, EXIT_ERROR, EXIT_BAD_INPUT, EXIT_MODEL_UNAVAILABLE = 0, 1, 2, 3
# The library's errors, mapped once to exit codes; most specific first.
EXIT_CODES: tuple[tuple[type[SummarizerError], int], ...] = (
    (InputError, EXIT_BAD_INPUT),
    (ConfigurationError, EXIT_BAD_INPUT),
    (ModelUnavailableError, EXIT_MODEL_UNAVAILABLE),
    (SummarizerError, EXIT_ERROR),
)


def _positive_int(value: str) -> int:
    number = int(value)
    if number < 1:
        raise argparse.ArgumentTypeError("must be a positive whole number")
    return number


def _positive_float(value: str) -> float:
    number = float(value)
    if not number > 0:
        raise argparse.ArgumentTypeError("must be a positive number")
    return number


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="summarizer", description="Cited digests of news articles about one event.")
    commands = parser.add_subparsers(dest="command", required=True)
    digest = commands.add_parser("digest", help="digest a set of articles (files, folders, or - for stdin)")
    digest.add_argument(
        "paths", nargs="*", metavar="PATH", help="folder, .txt/.md/.html/.json/.jsonl file, http(s) URL, or - (stdin)"
    )
    digest.add_argument(
        "--urls",
        action="append",
        default=[],
        metavar="FILE",
        help="file of page URLs to fetch, one per line (# comments; - for stdin); repeatable",
    )
    digest.add_argument(
        "--fetch-timeout",
        type=_positive_float,
        default=DEFAULT_TIMEOUT_S,
        metavar="SECONDS",
        help=f"longest time to fetch one page, redirects included (default: {DEFAULT_TIMEOUT_S:g})",
    )
    digest.add_argument("--format", choices=FORMATS, default="text", help="output format (default: text)")
    digest.add_argument("--max-words", type=_positive_int, default=DEFAULT_MAX_WORDS, help="word budget (default: 120)")
    digest.add_argument("--device", choices=("auto", "cpu", "cuda"), default="auto", help="where the model runs")
    digest.add_argument("--model", default=None, help="sentence-transformers model id or folder (default: packaged)")
    digest.add_argument(
        "--backend",
        choices=BACKENDS,
        default=DEFAULT_BACKEND,
        help="auto (default): torch for a named model or a GPU, else whichever finishes first here; "
        "torch: the packaged model or any sentence-transformers model, CPU or CUDA; "
        "onnx: the packaged model on onnxruntime, CPU only, starts fastest",
    )
    _add_dtype_option(digest)
    digest.add_argument(
        "--rewrite-model",
        default=None,
        metavar="ID_OR_FOLDER",
        help="abstractive rewrite model (transformers seq2seq or causal id or folder); off by default",
    )
    digest.add_argument("--out", type=Path, default=None, help="write the digest here instead of stdout")
    digest.add_argument("-q", "--quiet", action="store_true", help="no progress on stderr")
    _add_stories_command(commands)
    _add_batch_command(commands)
    return parser


def _add_dtype_option(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "--dtype",
        choices=DTYPES,
        default="auto",
        help="number format of the model: auto = bf16 on a CPU with AMX or AVX512-BF16, fp16 on CUDA, "
        "else float32 (default); float32 forces full precision",
    )


def _add_model_options(command: argparse.ArgumentParser) -> None:
    command.add_argument("--device", choices=("auto", "cpu", "cuda"), default="auto", help="where the model runs")
    command.add_argument("--model", default=None, help="sentence-transformers model id or folder (default: packaged)")
    command.add_argument(
        "--backend", choices=BACKENDS, default=DEFAULT_BACKEND, help="embedding backend (default: auto)"
    )
    _add_dtype_option(command)
    command.add_argument("-q", "--quiet", action="store_true", help="no progress on stderr")


def _add_stories_command(commands: argparse._SubParsersAction) -> None:
    stories = commands.add_parser("stories", help="group a mixed feed into stories and digest each story")
    stories.add_argument("paths", nargs="+", metavar="PATH", help="folder, .txt/.md/.html/.json/.jsonl file, or -")
    stories.add_argument("--format", choices=FORMATS, default="text", help="output format (default: text)")
    stories.add_argument(
        "--max-words", type=_positive_int, default=DEFAULT_MAX_WORDS, help="word budget of each story's digest"
    )
    stories.add_argument("--out", type=Path, default=None, help="write the stories here instead of stdout")
    _add_model_options(stories)


def _add_batch_command(commands: argparse._SubParsersAction) -> None:
    batch = commands.add_parser(
        "batch", help="digest many stories from a JSONL file into a JSONL file, on Ray when installed"
    )
    batch.add_argument("source", type=Path, metavar="IN.jsonl", help='one story {"id", "articles": [...]} a line')
    batch.add_argument("--out", type=Path, required=True, metavar="OUT.jsonl", help="output; re-run to resume")
    batch.add_argument("--stories", action="store_true", help="IN is one mixed feed, one article a line: group it")
    batch.add_argument("--max-words", type=_positive_int, default=DEFAULT_MAX_WORDS, help="word budget per digest")
    batch.add_argument(
        "--ray-address", default=None, metavar="ADDRESS", help="join this Ray cluster (ray://... or host:port)"
    )
    batch.add_argument("--workers", type=_positive_int, default=None, help="Ray workers (default: one per CPU)")
    batch.add_argument("--gpus-per-worker", type=float, default=0.0, metavar="N", help="GPUs for each Ray worker")
    batch.add_argument("--in-process", action="store_true", help="run in this process even when Ray is installed")
    _add_model_options(batch)


class _StderrHandler(logging.StreamHandler):
    """The CLI's own handler on the "summarizer" logger: progress and warnings reach stderr
    whatever the host process did to the root logger."""


def _configure_logging(quiet: bool) -> None:
    logger = logging.getLogger("summarizer")
    for handler in [h for h in logger.handlers if isinstance(h, _StderrHandler)]:
        logger.removeHandler(handler)
    handler = _StderrHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(message)s"))
    logger.addHandler(handler)
    logger.setLevel(logging.WARNING if quiet else logging.INFO)
    logger.propagate = False
    # No model-loading progress bars from Hugging Face libraries, without importing them (~1 s) here:
    # they read this when they are imported; one that already is gets told directly.
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    if "transformers" in sys.modules:
        from transformers.utils import logging as hf_logging

        hf_logging.disable_progress_bar()


def run_digest(args: argparse.Namespace) -> int:
    from summarizer.ingest import FetchPolicy, load_paths

    if not args.paths and not args.urls:
        raise InputError("Nothing to digest: give a folder, files, URLs, - for stdin, or --urls FILE.")
    # The CLI fetches what its user names, their own network included (the service does not).
    policy = FetchPolicy(timeout_s=args.fetch_timeout, allow_private=True)
    loaded = load_paths(args.paths, url_lists=args.urls, fetch=policy)
    logging.getLogger("summarizer").info("read %d articles (%d skipped)", len(loaded.articles), len(loaded.skipped))
    # One digest per process: a cache across calls would only hold memory.
    summarizer = _summarizer_factory(args, loaded.articles)(rewrite_model=args.rewrite_model, cache_bytes=0)
    digest = summarizer.summarize(loaded.articles, max_words=args.max_words)
    if args.format == "json":  # the texts the offsets index, whatever form the articles came in
        digest = digest.with_article_texts(loaded.articles)
    _write(render(digest, args.format), args.out)
    return EXIT_OK


def _summarizer_factory(args: argparse.Namespace, one_shot: Sequence[Article] | None = None) -> functools.partial:
    """Summarizers as the options say; ``one_shot`` is the whole input of a run that digests once,
    whose size decides an ``auto`` backend (a small input is done sooner without torch's start)."""
    from summarizer.embed import resolve_backend
    from summarizer.pipeline import Summarizer

    device = None if args.device == "auto" else args.device
    dtype = None if args.dtype == "auto" else args.dtype
    chars = None if one_shot is None else sum(len(a.text) for a in one_shot)
    backend = resolve_backend(args.backend, model=args.model, device=device, dtype=dtype, input_chars=chars)
    return functools.partial(Summarizer, model=args.model, device=device, backend=backend, dtype=dtype)


def run_stories(args: argparse.Namespace) -> int:
    from summarizer.ingest import load_paths
    from summarizer.render import render_stories

    loaded = load_paths(args.paths)
    logging.getLogger("summarizer").info("read %d articles (%d skipped)", len(loaded.articles), len(loaded.skipped))
    stories = _summarizer_factory(args, loaded.articles)(cache_bytes=0).stories(
        loaded.articles, max_words=args.max_words
    )
    if args.format == "json":  # as for digest: the texts the offsets index travel with them
        stories = stories.with_article_texts(loaded.articles)
    _write(render_stories(stories, args.format), args.out)
    return EXIT_OK


def _write(output: str, out: Path | None) -> None:
    """The result to ``--out`` when given, else to stdout."""
    if out:
        out.write_text(output, encoding="utf-8")
        logging.getLogger("summarizer").info("wrote %s", out)
    else:
        sys.stdout.write(output)


def run_batch_command(args: argparse.Namespace) -> int:
    from summarizer.batch import ray_available, run_batch

    use_ray = bool(args.ray_address) or (not args.in_process and ray_available())
    if not use_ray and not args.in_process:
        logging.getLogger("summarizer").info("Ray is not installed (pip install 'summarizer[ray]'): running in-process")
    run_batch(
        args.source,
        args.out,
        make_summarizer=_summarizer_factory(args),
        max_words=args.max_words,
        stories=args.stories,
        use_ray=use_ray,
        ray_address=args.ray_address,
        workers=args.workers,
        gpus_per_worker=args.gpus_per_worker,
    )
    return EXIT_OK


COMMANDS = {"digest": run_digest, "stories": run_stories, "batch": run_batch_command}


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    _configure_logging(args.quiet)
    try:
        return COMMANDS[args.command](args)
    except SummarizerError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return next(code for error, code in EXIT_CODES if isinstance(exc, error))
    except OSError as exc:
        print(f"error: {exc.strerror or exc}: {exc.filename or ''} (check the path and permissions)", file=sys.stderr)
        return EXIT_ERROR


# One-shot commands: once their output is written, nothing is left to clean up.
_EXIT_AT_ONCE = ("digest", "stories")


def run(argv: Sequence[str] | None = None) -> None:
    """The ``summarizer`` command: ``main``, then exit.

    After a one-shot command the process ends without the interpreter's teardown, which spends
    a quarter of a second freeing the models and modules one object at a time (the system frees
    them at once). Output is flushed first; ``batch`` exits the ordinary way, so Ray's exit
    handlers run.
    """
    args = sys.argv[1:] if argv is None else list(argv)
    code = main(args)
    if args and args[0] in _EXIT_AT_ONCE:
        logging.shutdown()
        with contextlib.suppress(OSError):  # a reader that closed the pipe early (| head) wants no more
            sys.stdout.flush()
            sys.stderr.flush()
        os._exit(code)
    sys.exit(code)


if __name__ == "__main__":
    run()
