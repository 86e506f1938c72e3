"""OpenAI's Files API in memory, for the fake server's uploads and its batches' files.

It keeps `POST /v1/files` as multipart/form-data, `GET /v1/files`, `GET /v1/files/{id}`,
`GET /v1/files/{id}/content` and `DELETE /v1/files/{id}`. A batch's input file is uploaded here,
and `summarizer.testing.fakebatches` reads it from here and stores the batch's output and error
files here, under the one lock the two share.
"""

from __future__ import annotations

import email.message
import email.parser
import email.utils
import threading
import time
import uuid
from typing import Any

from summarizer.testing.fakewire import Reply, error_body, page

__all__ = ["FakeFiles"]

_UPLOAD_PURPOSES = ("assistants", "batch", "fine-tune", "vision", "user_data", "evals")


class FakeFiles:
    """The files of one fake server: uploads and batch outputs alike.

    Attributes:
        lock: Guards the files. `FakeBatches` holds it too, so that a batch reads its input and
            writes its output under the lock that guards the batch.
    """

    def __init__(self) -> None:
        self.lock = threading.RLock()
        self._files: dict[str, tuple[dict[str, Any], bytes]] = {}

    @property
    def files(self) -> dict[str, bytes]:
        """Snapshot of the stored files, id -> content (uploads and batch outputs alike; the
        metadata is what `GET /v1/files/{id}` answers)."""
        with self.lock:
            return {file_id: data for file_id, (_, data) in self._files.items()}

    def get(self, file_id: str) -> tuple[dict[str, Any], bytes] | None:
        """A file's metadata and content, or None if there is no such file."""
        with self.lock:
            return self._files.get(file_id)

    def files_api(
        self, method: str, path: str, query: str, headers: dict[str, str], raw: bytes
    ) -> Reply:
        parts = [p for p in path.removeprefix("/v1/files").split("/") if p]
        if not parts:
            if method == "POST":
                return self._upload(headers.get("content-type", ""), raw)
            if method == "GET":
                with self.lock:
                    metas = [dict(meta) for meta, _ in reversed(self._files.values())]
                return page(metas, query, default_limit=10_000, max_limit=10_000)
            return 405, error_body(405)
        if len(parts) > 2 or (len(parts) == 2 and parts[1] != "content"):
            return 404, error_body(404, f"Unknown path {path}.")
        file_id = parts[0]
        with self.lock:
            entry = self._files.get(file_id)
            if entry is None:
                return 404, error_body(404, f"No such File object: {file_id}", param="id")
            meta, data = entry
            if len(parts) == 2:
                return (200, data) if method == "GET" else (405, error_body(405))
            if method == "GET":
                return 200, dict(meta)
            if method == "DELETE":
                del self._files[file_id]
                return 200, {"id": file_id, "object": "file", "deleted": True}
        return 405, error_body(405)

    def _upload(self, content_type: str, raw: bytes) -> Reply:
        fields = _parse_multipart(content_type, raw)
        if fields is None:
            return 400, error_body(400, "Expected a multipart/form-data body.")
        upload = fields.get("file")
        if upload is None or upload[0] is None:
            return 400, error_body(400, "Missing required parameter: 'file'.", param="file")
        if "purpose" not in fields:
            return 400, error_body(400, "Missing required parameter: 'purpose'.", param="purpose")
        purpose = fields["purpose"][1].decode("utf-8", "replace")
        if purpose not in _UPLOAD_PURPOSES:
            msg = f"Invalid value for 'purpose': {purpose!r}; expected one of {_UPLOAD_PURPOSES}."
            return 400, error_body(400, msg, param="purpose")
        return 200, self.add(upload[0], purpose, upload[1])

    def add(self, filename: str, purpose: str, data: bytes) -> dict[str, Any]:
        created = int(time.time())
        meta: dict[str, Any] = {
            "id": f"file-{uuid.uuid4().hex[:24]}",
            "object": "file",
            "bytes": len(data),
            "created_at": created,
            # Batch files expire after 30 days unless told otherwise; others are kept.
            "expires_at": created + 30 * 86_400 if purpose.startswith("batch") else None,
            "filename": filename,
            "purpose": purpose,
            "status": "processed",
            "status_details": None,
        }
        with self.lock:
            self._files[meta["id"]] = (meta, data)
        return dict(meta)


def _parse_multipart(content_type: str, raw: bytes) -> dict[str, tuple[str | None, bytes]] | None:
    """The fields of a multipart/form-data body: name -> (filename or None, bytes); None if the
    body is not multipart."""
    header = email.message.Message()
    header["content-type"] = content_type
    boundary = header.get_boundary()
    if header.get_content_type() != "multipart/form-data" or not boundary:
        return None
    fields: dict[str, tuple[str | None, bytes]] = {}
    for chunk in raw.split(b"--" + boundary.encode("latin-1"))[1:]:
        if chunk.startswith(b"--"):
            break  # the closing delimiter
        head, sep, data = chunk.removeprefix(b"\r\n").partition(b"\r\n\r\n")
        if not sep:
            return None
        part = email.parser.BytesHeaderParser().parsebytes(head + b"\r\n\r\n")
        name = part.get_param("name", header="content-disposition")
        if name is None:
            continue
        filename = part.get_filename()
        if filename is not None:  # undo the parser's surrogate escapes of UTF-8 bytes
            filename = filename.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
        # The CRLF before a delimiter belongs to the delimiter.
        fields[email.utils.collapse_rfc2231_value(name)] = (filename, data.removesuffix(b"\r\n"))
    return fields
