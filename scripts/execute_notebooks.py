#!/usr/bin/python3
"""Execute Jupyter notebooks on the Deno kernel, reliably, and fail loudly.

Run through scripts/run-notebooks.sh, which puts this checkout's kernel spec on JUPYTER_PATH.
Needs the system Python's nbclient (Debian's jupyter-nbconvert / jupyter-client; see
scripts/ensure-jupyter.sh).

Two defects of nbclient 0.7.2 with Deno 2.x are handled here (measured; see the project's notes
on notebooks):

* Deno publishes a cell's outputs (stdout, stderr, display_data, execute_result) from a queue
  that a separate task drains, while the request handler publishes the cell's idle status
  directly. The two race, so outputs can arrive *after* idle, and stock nbclient, which stops
  reading at idle, silently drops them. ``ReliableClient`` does not stop at idle: it drains
  IOPub through a sentinel request (see its docstring); no timer is involved.
* Older Deno kernels send ``"transient": null``, on which stock nbclient crashes
  (``None.get``). ``ReliableClient`` treats it as an empty dict.

A cell that raises fails the run (exit 1) with the notebook, cell number, error name and
message. As a second line of defence against lost outputs, a code cell whose last statement
looks like a bare expression that yields a value, or one that is tagged ``expect-output``, must
end with at least one rich output (``execute_result`` or ``display_data``); otherwise the run
fails too. Tag a cell ``no-output-check`` to exempt it (e.g. an expression that evaluates to
``undefined``).

Before executing, each notebook's code cells are joined into one TypeScript module (which is how
the kernel scopes them) and type-checked with ``deno check`` (the kernel itself does not
type-check); a type error fails the notebook, reported by cell and line. ``--no-typecheck``
skips this.

Executed copies are written to an output directory. Each copy records in its metadata
(``paging_lab.outputs_after_idle``) how many outputs arrived after their cell's idle status, that
is, how many stock nbclient would have lost.

The sources are committed *with* their outputs, normalised (``normalise``) so that executing a
notebook twice gives byte-identical files: execution counts renumbered 1, 2, …, no timing or
kernel-run metadata, kernel spec and language info fixed, adjacent stream outputs merged, and
the checkout's absolute paths written relative to the notebook. ``--write`` executes each
notebook and writes the normalised result back over its source (only when it succeeded). Without
it the sources are never rewritten; a notebook executes from a copy with its outputs cleared,
and when its committed outputs differ from the fresh, normalised ones the run fails as stale
(``--allow-stale`` makes that a warning; a notebook committed without outputs only warns).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import subprocess
import sys
import time
import uuid
from pathlib import Path
from typing import Any, Dict, List, Optional

try:
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionComplete, CellExecutionError, DeadKernelError
    from nbclient.util import ensure_async
except ImportError as exc:  # pragma: no cover - environment problem, not a notebook problem
    sys.stderr.write(
        f"execute_notebooks: cannot import nbclient ({exc}); run scripts/ensure-jupyter.sh "
        "and use /usr/bin/python3\n"
    )
    sys.exit(3)


RICH_OUTPUTS = {"execute_result", "display_data"}
SENTINEL_PREFIX = "paging-lab-sentinel-"


class SentinelError(RuntimeError):
    """The kernel answered the sentinel request in a way the completeness argument excludes."""


class ReliableClient(NotebookClient):
    """nbclient's NotebookClient that provably reads every output of a cell before the next one.

    The rule, with no timer: after a cell's idle status, send a *sentinel* execute request,
    ``console.log("<unique token>")`` with ``store_history`` off (so execution counts are
    unchanged), and keep reading IOPub until both the token's stream message and the sentinel's
    idle status have arrived. Every message read on the way belongs to the cell.

    Why that is complete, from Deno's kernel (2.9: ``cli/js/jupyter_kernel.js`` and
    ``cli/ops/jupyter.rs``): the REPL thread puts every output of user code (``op_print`` for
    stdout/stderr, ``op_jupyter_broadcast`` for display_data and execute_result) into one FIFO
    channel, and a single drainer task publishes the channel's messages one at a time, in order,
    on the IOPub socket. A cell's outputs are all in the channel before its execute_reply and
    idle are sent (``Runtime.callFunctionOn`` publishes the result with ``awaitPromise``), hence
    before the sentinel runs; the token enters the channel while the sentinel runs, so after
    them. ZeroMQ delivers one publisher's messages in order, so reading the token means every
    earlier channel message has been read. Only output from work the cell left running (timers,
    promises not awaited) can come later, and no rule can attribute that.

    The drainer labels a message with the request being handled *when it publishes*, so late
    outputs of the cell can carry the sentinel's id; they are filed into the cell. The sentinel's
    own execute_reply is left on the shell channel, where the next cell's reply poll skips it.
    """

    def __init__(self, nb: Any, **kw: Any) -> None:
        super().__init__(nb, **kw)
        # The sentinel's round trip happens inside nbclient's wait for IOPub after the reply:
        # give it the cell's timeout, and fail rather than drop outputs if it runs out.
        self.iopub_timeout = max(self.iopub_timeout, self.timeout or 0)
        self.raise_on_iopub_timeout = True
        self.outputs_after_idle = 0  # outputs that stock nbclient would have dropped
        self.current_index: Optional[int] = None  # the cell being executed, for failure reports

    async def async_execute_cell(self, cell: Any, cell_index: int, *args: Any, **kw: Any) -> Any:
        self.current_index = cell_index
        return await super().async_execute_cell(cell, cell_index, *args, **kw)

    def process_message(self, msg: Dict, cell: Any, cell_index: int) -> Any:
        content = msg.get("content")
        if isinstance(content, dict) and "transient" in content and content["transient"] is None:
            content["transient"] = {}
        return super().process_message(msg, cell, cell_index)

    async def _async_poll_output_msg(self, parent_msg_id: str, cell: Any, cell_index: int) -> None:
        assert self.kc is not None
        while True:
            msg = await ensure_async(self.kc.iopub_channel.get_msg(timeout=None))
            if msg["parent_header"].get("msg_id") != parent_msg_id:
                continue  # the start-up kernel_info's status; earlier sentinels are fully read
            try:
                self.process_message(msg, cell, cell_index)
            except CellExecutionComplete:
                break
        await self._drain_through_sentinel(parent_msg_id, cell, cell_index)

    async def _drain_through_sentinel(self, parent_msg_id: str, cell: Any, cell_index: int) -> None:
        assert self.kc is not None
        token = SENTINEL_PREFIX + uuid.uuid4().hex
        sentinel_id = await ensure_async(
            self.kc.execute(
                f'console.log("{token}")',
                silent=False,
                store_history=False,
                allow_stdin=False,
                stop_on_error=False,
            )
        )
        printed = idle = False
        while not (printed and idle):
            msg = await ensure_async(self.kc.iopub_channel.get_msg(timeout=None))
            parent = msg["parent_header"].get("msg_id")
            kind = msg["msg_type"]
            content = msg.get("content") or {}
            if parent == sentinel_id:
                if kind == "status":
                    idle = idle or content.get("execution_state") == "idle"
                    continue
                if kind == "execute_input":
                    continue
                if kind == "error":
                    raise SentinelError(f"the sentinel request failed: {content.get('ename')}: {content.get('evalue')}")
                if kind == "stream" and token in content.get("text", ""):
                    if content.get("text") != token + "\n" or content.get("name") != "stdout":
                        raise SentinelError(f"the sentinel's token arrived merged with other output: {content!r}")
                    printed = True
                    continue
            elif parent != parent_msg_id:
                continue
            if kind == "status":
                continue
            self.outputs_after_idle += 1
            self.process_message(msg, cell, cell_index)


# --- the "did a value-producing cell show something" check ---------------------------------

_STATEMENT_START = re.compile(
    r"^(?:export\s+)?(?:const|let|var|function|async\s+function|class|interface|type|enum|import|"
    r"if|else|for|while|do|switch|try|catch|finally|return|throw|break|continue|declare|"
    r"namespace|module)\b"
)
# Calls whose value is `undefined` by contract: ending a cell with them shows nothing.
_VOID_CALL = re.compile(
    r"^(?:await\s+)?(?:console\.\w+|Deno\.jupyter\.(?:display|broadcast)|assert\w*|"
    r"\w+\.(?:forEach|push|set|add|delete|clear)\b)"
)
_EXPRESSION_START = re.compile(r"""^(?:await\s+|new\s+|typeof\s+|[-+!(\[{"'`\w$])""")


def _balanced(text: str) -> bool:
    """Brackets balance on this line, ignoring string contents (a one-line statement)."""
    depth = 0
    quote = ""
    escaped = False
    for ch in text:
        if quote:
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == quote:
                quote = ""
            continue
        if ch in "\"'`":
            quote = ch
        elif ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth -= 1
            if depth < 0:
                return False
    return depth == 0 and not quote


def _strip_comments(source: str) -> List[str]:
    lines = []
    in_block = False
    for raw in source.splitlines():
        line = raw
        if in_block:
            end = line.find("*/")
            if end < 0:
                continue
            line = line[end + 2 :]
            in_block = False
        start = line.find("/*")
        if start >= 0 and line.find("*/", start) < 0:
            line = line[:start]
            in_block = True
        line = re.sub(r"/\*.*?\*/", "", line)
        line = re.sub(r"(^|\s)//.*$", "", line)
        if line.strip():
            lines.append(line.rstrip())
    return lines


def looks_like_trailing_expression(source: str) -> bool:
    """True when the cell's last line is, conservatively, a one-line expression statement.

    Deliberately narrow: it only claims a trailing expression when the last line starts at
    column 0, is not a declaration / control statement, does not end a block, and is not a call
    that returns undefined. False negatives only weaken the check; false positives would fail a
    good notebook, so when in doubt it says False (authors can tag `expect-output`).
    """
    lines = _strip_comments(source)
    if not lines:
        return False
    last = lines[-1]
    if last[0].isspace():
        return False
    if len(lines) >= 2:
        prev = lines[-2].rstrip()
        # A continuation of a multi-line statement (operator, comma, open bracket at line end).
        if prev.endswith(("(", "[", "{", ",", "=", "+", "-", "*", "/", "&&", "||", "?", ":", "=>", ".")):
            return False
    stmt = last.rstrip(";").strip()
    if not stmt or stmt.startswith(("}", ")", "]", "@", "void ")) or stmt in ("undefined", "null"):
        return False  # Deno shows nothing for undefined and null
    if _STATEMENT_START.match(stmt) or _VOID_CALL.match(stmt):
        return False
    if stmt.endswith(("{", "(", "[", ",", "=>")):
        return False
    if re.match(r"^[\w$.\[\]]+\s*(?:[-+*/%&|^]|\*\*|<<|>>>?|&&|\|\||\?\?)?=(?![=>])", stmt):
        return False  # an assignment statement (yields a value, but reads as a statement)
    return bool(_EXPRESSION_START.match(stmt)) and _balanced(stmt) and not stmt.startswith("{")


def missing_output_cells(nb: Any) -> List[int]:
    """Indices of code cells that should have shown a value but have no rich output."""
    missing = []
    for index, cell in enumerate(nb.cells):
        if cell.cell_type != "code" or not cell.source.strip():
            continue
        tags = cell.get("metadata", {}).get("tags", [])
        if "no-output-check" in tags:
            continue
        expected = "expect-output" in tags or looks_like_trailing_expression(cell.source)
        if not expected:
            continue
        if not any(out.get("output_type") in RICH_OUTPUTS for out in cell.get("outputs", [])):
            missing.append(index)
    return missing


# --- type check ------------------------------------------------------------------------------

_RELATIVE_SPECIFIER = re.compile(r"""((?:\bfrom|\bimport)\s*\(?\s*)(["'])(\.\.?/[^"']*)\2""")


def _module_source(nb: Any, notebook_dir: Path, module_dir: Path) -> "tuple[str, List[tuple[int, int]]]":
    """Code cells joined into one module; relative imports re-aimed from module_dir.

    Returns the text and, per cell, (cell index, first line of the cell in the text).
    """

    def reaim(match: "re.Match[str]") -> str:
        target = os.path.normpath(os.path.join(notebook_dir, match.group(3)))
        spec = os.path.relpath(target, module_dir)
        if not spec.startswith("."):
            spec = "./" + spec
        return f"{match.group(1)}{match.group(2)}{spec}{match.group(2)}"

    lines: List[str] = []
    starts: List[tuple[int, int]] = []
    for index, cell in enumerate(nb.cells):
        if cell.cell_type != "code" or not cell.source.strip():
            continue
        # The leading ";" stops a cell that starts with "(" or "[" from continuing the one before.
        lines.append(f";// ---- cell {index} ----")
        starts.append((index, len(lines) + 1))
        lines.extend(_RELATIVE_SPECIFIER.sub(reaim, cell.source).split("\n"))
    return "\n".join(lines) + "\n", starts


def typecheck(nb: Any, path: Path, out_dir: Path, deno: str) -> Optional[str]:
    """Runs `deno check` on the notebook's code; returns an error report or None."""
    out_dir.mkdir(parents=True, exist_ok=True)
    module = out_dir / (path.stem + ".check.ts")
    text, starts = _module_source(nb, path.parent.resolve(), out_dir.resolve())
    module.write_text(text)
    env = dict(os.environ, NO_COLOR="1", RUST_BACKTRACE="0")
    proc = subprocess.run(
        [deno, "check", "--quiet", str(module)],
        cwd=str(path.parent.resolve()),
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    if proc.returncode == 0:
        return None

    def locate(match: "re.Match[str]") -> str:
        at = int(match.group(1))
        cell, first = max((s for s in starts if s[1] <= at), key=lambda s: s[1], default=(None, 1))
        return f"cell {cell}, line {at - first + 1}:{match.group(2)}" if cell is not None else match.group(0)

    report = re.sub(re.escape(module.resolve().as_uri()) + r":(\d+):(\d+)", locate, proc.stdout)
    lines = [ln for ln in report.splitlines() if ln.strip() and not ln.startswith(("Stack backtrace", "   0:"))]
    return "type errors (deno check):\n    " + "\n    ".join(lines)


# --- normalised outputs ------------------------------------------------------------------------

# What the committed notebooks say about their kernel, whatever the executing kernel reports
# (its version, this checkout's path in the display name).
KERNELSPEC = {"display_name": "Deno", "language": "typescript", "name": "deno"}
LANGUAGE_INFO_KEYS = ("codemirror_mode", "file_extension", "mimetype", "name", "nbconvert_exporter", "pygments_lexer")
# Cell metadata written by front ends and executors about one run, never about the content.
RUN_METADATA = ("execution", "ExecuteTime", "collapsed", "scrolled", "jupyter")


def _path_rewrites(notebook_dir: Path) -> List["tuple[str, str]"]:
    """Absolute paths of the notebook's folder and its ancestors, longest first, and the relative
    forms that replace them (`.`, `..`, `../..`): outputs name files as the notebook's own
    relative imports do, the same in every checkout. The filesystem root is never rewritten."""
    rewrites = []
    here = notebook_dir.resolve()
    rel = "."
    for _ in range(3):
        if here.parent == here:
            break
        rewrites.append((str(here), rel))
        here = here.parent
        rel = ".." if rel == "." else rel + "/.."
    return rewrites


def _rewrite(value: Any, rewrites: List["tuple[str, str]"]) -> Any:
    if isinstance(value, str):
        for absolute, relative in rewrites:
            value = re.sub(re.escape(absolute) + r"(?=[/\s\"'`,;:)\]}]|$)", relative, value)
        return value
    if isinstance(value, list):
        return [_rewrite(v, rewrites) for v in value]
    if isinstance(value, dict):
        return type(value)((k, _rewrite(v, rewrites)) for k, v in value.items())
    return value


def normalise(nb: Any, notebook_dir: Path) -> Any:
    """The executed notebook as it is committed (see the module docstring); changes `nb` in place
    and returns it."""
    rewrites = _path_rewrites(notebook_dir)
    info = nb.metadata.get("language_info", {})
    metadata = {k: v for k, v in nb.metadata.items() if k not in ("paging_lab", "kernelspec", "language_info", "widgets")}
    metadata["kernelspec"] = dict(KERNELSPEC)
    metadata["language_info"] = {k: info[k] for k in LANGUAGE_INFO_KEYS if k in info}
    nb.metadata = nbformat.from_dict(metadata)
    count = 0
    for cell in nb.cells:
        for key in RUN_METADATA:
            cell.metadata.pop(key, None)
        if cell.cell_type != "code":
            continue
        if cell.get("execution_count") is not None:
            count += 1
            cell.execution_count = count
        merged: List[Any] = []
        for out in cell.get("outputs", []):
            out.pop("transient", None)
            if out.get("output_type") == "execute_result":
                out["execution_count"] = cell.execution_count
            # Deno may flush one cell's prints in one message or several, run to run.
            prev = merged[-1] if merged else None
            if out.get("output_type") == "stream" and prev is not None and prev.get("output_type") == "stream" and prev.get("name") == out.get("name"):
                prev["text"] = prev["text"] + out["text"]
                continue
            merged.append(out)
        cell.outputs = [nbformat.from_dict(_rewrite(o, rewrites)) for o in merged]
    return nb


def notebook_text(nb: Any) -> str:
    """The notebook as nbformat writes it (sorted keys, one-space indent), with a final newline."""
    text = nbformat.writes(nb)
    return text if text.endswith("\n") else text + "\n"


def has_outputs(nb: Any) -> bool:
    return any(cell.get("outputs") for cell in nb.cells if cell.cell_type == "code")


def first_difference(a: Any, b: Any) -> str:
    for index, (x, y) in enumerate(zip(a.cells, b.cells)):
        if nbformat.writes(nbformat.from_dict({"cells": [x]})) != nbformat.writes(nbformat.from_dict({"cells": [y]})):
            return _cell_label(a, index)
    return "the notebook's metadata" if len(a.cells) == len(b.cells) else "the number of cells"


# --- driver ------------------------------------------------------------------------------------


def _cell_label(nb: Any, index: int) -> str:
    code_number = sum(1 for c in nb.cells[: index + 1] if c.cell_type == "code")
    first = next((ln for ln in nb.cells[index].source.splitlines() if ln.strip()), "")
    return f"cell {index} (code cell #{code_number}: {first.strip()[:60]!r})"


def _error_index(nb: Any) -> Optional[int]:
    for index, cell in enumerate(nb.cells):
        for out in cell.get("outputs", []):
            if out.get("output_type") == "error":
                return index
    return None


_ANSI = re.compile(r"\x1b\[[0-9;]*m")


def _error_text(nb: Any, index: int) -> str:
    """The error's name and message, then up to 8 lines of the kernel's traceback."""
    for out in nb.cells[index].get("outputs", []):
        if out.get("output_type") == "error":
            head = f"{out.get('ename', '')}: {out.get('evalue', '')}"
            lines = [_ANSI.sub("", ln) for tb in out.get("traceback", []) for ln in tb.splitlines()]
            stack = [ln for ln in lines if ln.strip() and ln.strip() != head][:8]
            return head + "".join("\n    " + ln.strip() for ln in stack)
    return ""


def write_html(nb: Any, target: Path) -> None:
    """An HTML report of the executed notebook (charts use their text/html form, which keeps the
    SVG attributes that nbconvert strips from image/svg+xml outputs)."""
    from nbconvert import HTMLExporter  # only needed for --html

    body, _ = HTMLExporter().from_notebook_node(nb)
    target.write_text(body, encoding="utf-8")


def execute_one(
    path: Path,
    out_dir: Path,
    kernel: str,
    timeout: int,
    deno: Optional[str],
    html: bool = False,
    write: bool = False,
    allow_stale: bool = False,
) -> bool:
    started = time.monotonic()
    committed = nbformat.read(path, as_version=4)
    nb = nbformat.read(path, as_version=4)
    # Executed fresh: committed outputs must never stand in for outputs the run failed to produce.
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
    if deno is not None:
        problem = typecheck(nb, path, out_dir, deno)
        if problem is not None:
            print(f"FAIL  {path.name}  {time.monotonic() - started:.1f} s: {problem}", flush=True)
            return False
    workdir = str(path.parent.resolve())
    client = ReliableClient(
        nb,
        kernel_name=kernel,
        timeout=timeout,
        resources={"metadata": {"path": workdir}},
        record_timing=False,
    )
    failure: Optional[str] = None
    # The kernel's own stderr (Deno's "unstable" banner, crash reports) goes to a log next to the
    # executed copy and is shown only when the notebook fails.
    out_dir.mkdir(parents=True, exist_ok=True)
    log_path = out_dir / (path.stem + ".kernel.log")
    log = open(log_path, "w")
    try:
        client.execute(stderr=log)
    except CellExecutionError as err:
        index = _error_index(nb)
        where = _cell_label(nb, index) if index is not None else "a cell"
        detail = _error_text(nb, index) if index is not None else str(err).splitlines()[-1]
        failure = f"{where} raised {detail}"
    except DeadKernelError as err:
        where = _cell_label(nb, client.current_index) if client.current_index is not None else "startup"
        failure = f"kernel died in {where}: {err}"
    except Exception as err:  # timeouts, kernel start failures
        where = f" in {_cell_label(nb, client.current_index)}" if client.current_index is not None else ""
        failure = f"{type(err).__name__}{where}: {str(err).strip().splitlines()[0] if str(err).strip() else ''}"
    finally:
        log.close()
    if failure is None:
        missing = missing_output_cells(nb)
        if missing:
            failure = "no output from " + "; ".join(_cell_label(nb, i) for i in missing)

    nb.metadata["paging_lab"] = {"outputs_after_idle": client.outputs_after_idle}
    nbformat.write(nb, out_dir / path.name)
    if html:
        write_html(nb, out_dir / (path.stem + ".html"))
    note = ""
    if failure is None:
        fresh = notebook_text(normalise(nb, path.parent))
        if write:
            tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
            tmp.write_text(fresh, encoding="utf-8")
            os.replace(tmp, path)
            note = "  (written with outputs)"
        elif not has_outputs(committed):
            note = "  (warning: committed without outputs; run 'npm run notebooks -- --write')"
        elif fresh != path.read_text(encoding="utf-8"):
            where = first_difference(nbformat.reads(fresh, as_version=4), committed)
            stale = f"committed outputs are stale (first difference: {where}); run 'npm run notebooks -- --write'"
            if allow_stale:
                note = f"  (warning: {stale})"
            else:
                failure = stale
    seconds = time.monotonic() - started
    if failure is None:
        print(f"ok    {path.name}  {seconds:.1f} s{note}", flush=True)
        return True
    print(f"FAIL  {path.name}  {seconds:.1f} s: {failure}", flush=True)
    kernel_log = [ln for ln in log_path.read_text(errors="replace").splitlines() if "is unstable" not in ln]
    if kernel_log:
        print("      kernel stderr:\n        " + "\n        ".join(kernel_log[-20:]), flush=True)
    return False


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="+", type=Path)
    parser.add_argument("--out-dir", type=Path, required=True)
    parser.add_argument("--kernel", default="deno")
    parser.add_argument("--timeout", type=int, default=600, help="seconds per cell")
    parser.add_argument("--deno", default="deno", help="deno binary for the type check")
    parser.add_argument("--no-typecheck", action="store_true")
    parser.add_argument("--html", action="store_true", help="also write an HTML report per notebook")
    parser.add_argument("--write", action="store_true", help="write each notebook back with its normalised outputs")
    parser.add_argument("--allow-stale", action="store_true", help="committed outputs that differ from a fresh run only warn")
    args = parser.parse_args(argv)

    failed = []
    for path in args.notebooks:
        if not path.is_file():
            print(f"FAIL  {path}: no such notebook", flush=True)
            failed.append(path.name)
            continue
        deno = None if args.no_typecheck else args.deno
        if not execute_one(path, args.out_dir, args.kernel, args.timeout, deno, args.html, args.write, args.allow_stale):
            failed.append(path.name)
    if failed:
        print(f"{len(failed)} of {len(args.notebooks)} notebook(s) failed: {', '.join(failed)}")
        return 1
    return 0


if __name__ == "__main__":
    # nbclient's default kernel manager is asyncio-based; nothing else here needs a loop.
    asyncio.set_event_loop(asyncio.new_event_loop())
    sys.exit(main())
