"""Read an upload where its parse cannot stall the server's other sessions: in a child process.

openpyxl parses a sheet's XML in pure Python and holds the GIL all along: a 316 MB sheet kept
another session's Home waiting 102 s. :func:`read_upload` first runs the cheap checks of
:mod:`.containers` here (a bomb is refused in milliseconds, without a child), then reads an
upload that is more than a little work in a fresh process ("spawn": safe beside the server's
threads) under a time limit and an address-space limit. The child returns the table as Arrow
IPC bytes (its own output, never the user's bytes unpickled) with a JSON header, and its memory
goes back to the system when it exits. At most :data:`PARSE_SLOTS` children run at once.

Small uploads are read in this process: a child costs its start, about 2 s on an idle 2-core
machine (it imports pandas, pyarrow and the model), and 0.2 s of parsing here is cheaper than
that for everyone. The thresholds in :data:`IN_PROCESS` are a quarter to half a second of one
core's parsing, measured with ``benchmarks/upload_attack.py``.
"""

from __future__ import annotations

import json
import multiprocessing
import threading
import time
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess

import pyarrow as pa

from estimators.history.containers import STRING_DTYPES, parquet_cells, xlsx_unpacked_bytes
from estimators.history.limits import MAX_TEXT_BYTES, HistoryError
from estimators.history.reader import RawTable, file_type, read_table
from estimators.text import Text

__all__ = ["IN_PROCESS", "PARSE_MEMORY_BYTES", "PARSE_SLOTS", "PARSE_TIMEOUT_SECONDS",
           "parse_work", "read_upload", "stop_reader", "warm_up"]

IN_PROCESS = {"csv": 4_000_000, "xlsx": 1_000_000, "parquet": 250_000}
"""The most work read in this process, per type: CSV bytes (pyarrow reads about 60 MB/s, the
fallback for ragged rows about 9 MB/s), unzipped workbook bytes (openpyxl: about 2 MB/s) and
Parquet cells (about 0.7 million a second, times formatted as text)."""
PARSE_TIMEOUT_SECONDS = 120.0
"""A child still parsing after this (its start included) is killed and the upload refused."""
PARSE_MEMORY_BYTES = 3 * 2**30
"""Address space a child may add to what it holds once started; past it, MemoryError."""
PARSE_SLOTS = 2
"""Children at once; one more upload waits for a slot (within its time limit)."""
_SLOTS = threading.BoundedSemaphore(PARSE_SLOTS)
_spare_lock = threading.Lock()
_spare: tuple[BaseProcess, Connection] | None = None


def parse_work(raw: bytes, name: str | None) -> tuple[str, int]:
    """The file type and how much reading it is (see :data:`IN_PROCESS`); refuses a packed
    file over a cap from its directory or footer alone."""
    kind = file_type(raw, name)
    if kind == "xlsx":
        return kind, xlsx_unpacked_bytes(raw)
    if kind == "parquet":
        return kind, parquet_cells(raw)
    return kind, len(raw)


def read_upload(raw: bytes, name: str | None, timeout: float = PARSE_TIMEOUT_SECONDS,
                in_process: dict[str, int] | None = None) -> RawTable:
    """:func:`~estimators.history.reader.read_table` for an upload, in a child process unless
    it is small; raises :class:`HistoryError` (code ``"parse_timeout"`` or
    ``"parse_memory"`` when the child runs out of time or memory)."""
    raw = bytes(raw)
    if not raw.strip():
        return read_table(raw, name)  # refused as empty
    kind, work = parse_work(raw, name)
    if work <= (IN_PROCESS if in_process is None else in_process)[kind]:
        return read_table(raw, name)
    deadline = time.monotonic() + timeout
    if not _SLOTS.acquire(timeout=timeout):
        raise _timeout(timeout)
    try:
        return _read_in_child(raw, name, deadline, timeout)
    finally:
        _SLOTS.release()


def warm_up() -> None:
    """Start a reader process now if none is waiting, so the next large upload does not wait
    for a child's imports (about 2 s; the page calls this as it renders)."""
    global _spare
    with _spare_lock:
        if _spare is None or not _spare[0].is_alive():
            _spare = _start_reader()


def stop_reader() -> None:
    """Stop the reader waiting for the next upload, if any (it would otherwise live as long as
    this process)."""
    global _spare
    with _spare_lock:
        reader, _spare = _spare, None
    if reader is not None:
        reader[1].close()  # the reader sees the end of its pipe and exits
        reader[0].join(5)
        if reader[0].is_alive():
            reader[0].kill()
            reader[0].join()


def _timeout(timeout: float) -> HistoryError:
    return HistoryError(Text("reading the file took longer than {limit:g} s",
                             limit=timeout), "parse_timeout", limit=timeout)


def _start_reader() -> tuple[BaseProcess, Connection]:
    context = multiprocessing.get_context("spawn")
    ours, theirs = context.Pipe(duplex=True)
    child = context.Process(target=_child, args=(theirs, PARSE_MEMORY_BYTES),
                            name="hoshu-upload-reader", daemon=True)
    child.start()
    theirs.close()
    return child, ours


def _take_reader() -> tuple[BaseProcess, Connection]:
    """The waiting reader (or a new one), and a new one started to wait for the next upload."""
    global _spare
    with _spare_lock:
        reader, _spare = _spare, None
    if reader is None or not reader[0].is_alive():
        reader = _start_reader()
    warm_up()
    return reader


def _read_in_child(raw: bytes, name: str | None, deadline: float,
                   timeout: float) -> RawTable:
    child, conn = _take_reader()

    def send() -> None:  # a thread: a child still importing reads the upload only then
        try:
            conn.send_bytes(json.dumps({"name": name}).encode())
            conn.send_bytes(raw)
        except OSError:
            pass  # the child was killed; the wait below says why

    threading.Thread(target=send, name="hoshu-upload-send", daemon=True).start()
    try:
        if not conn.poll(max(0.0, deadline - time.monotonic())):
            raise _timeout(timeout)
        try:
            header = json.loads(conn.recv_bytes(1_000_000))
            body = conn.recv_bytes(4 * MAX_TEXT_BYTES)
        except (EOFError, OSError):
            child.join(5)
            raise HistoryError(Text("the file could not be read: the reader stopped (exit "
                                    "code {code})", code=child.exitcode), "parse_failed",
                               exit_code=child.exitcode) from None
    finally:
        child.join(1)
        if child.is_alive():
            child.kill()
            child.join()
        conn.close()
    if "error" in header:
        raise _error_from_json(header["error"])
    frame = pa.ipc.open_stream(body).read_all().to_pandas(types_mapper=STRING_DTYPES.get)
    return RawTable(frame, header["file_type"], header["encoding"], header["delimiter"])


def _child(conn: Connection, memory: int) -> None:
    """A reader's whole life, after its imports: limit its memory, wait for one upload (a JSON
    header with its name, then its bytes), read it, answer with a JSON header and Arrow IPC,
    exit (its memory goes back to the system)."""
    _limit_address_space(memory)
    try:
        name = json.loads(conn.recv_bytes())["name"]
        raw = conn.recv_bytes()
    except (EOFError, OSError):
        return  # the server stopped before an upload came
    body = b""
    try:
        table = read_table(raw, name)
        header = {"file_type": table.file_type, "encoding": table.encoding,
                  "delimiter": table.delimiter}
        sink = pa.BufferOutputStream()
        arrow = pa.Table.from_pandas(table.frame, preserve_index=False)
        with pa.ipc.new_stream(sink, arrow.schema) as writer:
            writer.write_table(arrow)
        body = sink.getvalue().to_pybytes()
    except HistoryError as exc:
        header = {"error": _error_to_json(exc)}
    except MemoryError:
        header = {"error": _error_to_json(HistoryError(
            Text("reading the file needs more than {limit:,} bytes of memory",
                 limit=memory), "parse_memory", limit=memory))}
    conn.send_bytes(json.dumps(header).encode())
    conn.send_bytes(body)
    conn.close()


def _limit_address_space(extra: int) -> None:
    """Cap this process's address space at what it holds now plus ``extra`` bytes (Linux;
    elsewhere the time limit alone applies)."""
    try:
        import resource

        with open("/proc/self/statm") as statm:
            held = int(statm.read().split()[0]) * resource.getpagesize()
        resource.setrlimit(resource.RLIMIT_AS, (held + extra, held + extra))
    except (ImportError, OSError, ValueError):
        pass


def _error_to_json(exc: HistoryError) -> dict:
    return {"message": _text_to_json(exc.args[0]), "code": exc.code,
            "values": {k: _plain(v) for k, v in exc.values.items()}}


def _error_from_json(data: dict) -> HistoryError:
    return HistoryError(_text_from_json(data["message"]), data["code"], **data["values"])


def _text_to_json(text: object) -> object:
    """A message, keeping each :class:`Text`'s template and values so it stays translatable."""
    if isinstance(text, Text):
        return {"template": text.template,
                "values": {k: _text_to_json(v) for k, v in text.values.items()}}
    return _plain(text)


def _text_from_json(data: object) -> object:
    if isinstance(data, dict):
        return Text(data["template"], **{k: _text_from_json(v)
                                         for k, v in data["values"].items()})
    return data


def _plain(value: object) -> object:
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return str(value)
