"""A minimal Language Server Protocol client: Red Hat's yaml-language-server over stdio.

The editor tests drive the real server that VS Code, Neovim, Helix and Zed run, so what they
check is what an author sees: diagnostics, completions and hovers computed from our JSON
Schemas. `.ci/run` installs the server into `.ci/node` (pinned in .ci/node/package.json).
"""

from __future__ import annotations

import json
import os
import queue
import re
import shutil
import subprocess
import threading
from pathlib import Path
from typing import IO, Any

REPO = Path(__file__).resolve().parents[2]
NODE_PREFIX = REPO / ".ci" / "node"
SERVER = NODE_PREFIX / "node_modules" / "yaml-language-server" / "bin" / "yaml-language-server"
TIMEOUT = 60.0


def ensure_server() -> Path:
    """The installed server; installs the pinned version with `npm ci` if it is missing."""
    if not SERVER.is_file():
        npm = shutil.which("npm")
        if npm is None:
            raise RuntimeError("npm is needed to install yaml-language-server")
        done = subprocess.run(
            [npm, "ci", "--prefix", str(NODE_PREFIX), "--no-audit", "--no-fund"],
            capture_output=True, text=True, check=False, timeout=600,
        )
        if done.returncode != 0 or not SERVER.is_file():
            raise RuntimeError("npm ci --prefix .ci/node failed:\n" + done.stdout + done.stderr)
    return SERVER


class LanguageServer:
    """One running server; requests block until their answer, never longer than TIMEOUT."""

    def __init__(self, root: Path, settings: dict[str, Any]) -> None:
        node = shutil.which("node")
        assert node is not None
        self.settings = settings
        self.process = subprocess.Popen(
            [node, str(ensure_server()), "--stdio"],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
        )
        self.inbox: queue.Queue[dict[str, Any] | None] = queue.Queue()
        self.next_id = 0
        assert self.process.stdout is not None
        threading.Thread(target=self._read, args=(self.process.stdout,), daemon=True).start()
        uri = root.as_uri()
        self.request("initialize", {
            "processId": os.getpid(),
            "rootUri": uri,
            "workspaceFolders": [{"uri": uri, "name": root.name}],
            "capabilities": {
                "workspace": {"configuration": True},
                "textDocument": {
                    "completion": {"completionItem": {"snippetSupport": True}},
                    "hover": {"contentFormat": ["markdown", "plaintext"]},
                    "publishDiagnostics": {},
                },
            },
        })
        self.notify("initialized", {})
        self.notify("workspace/didChangeConfiguration", {"settings": {"yaml": settings}})
        self.opened: set[str] = set()

    def close(self) -> None:
        try:
            self.request("shutdown", None)
            self.notify("exit", None)
            self.process.wait(timeout=10)
        except (OSError, subprocess.TimeoutExpired, queue.Empty):
            self.process.kill()
            self.process.wait()

    # -- the protocol --------------------------------------------------------------------------

    def _read(self, stream: IO[bytes]) -> None:
        while True:
            length = None
            while True:
                line = stream.readline()
                if not line:
                    self.inbox.put(None)
                    return
                text = line.decode("ascii").strip()
                if not text:
                    break
                name, _, value = text.partition(":")
                if name.lower() == "content-length":
                    length = int(value)
            assert length is not None
            self.inbox.put(json.loads(stream.read(length)))

    def _send(self, message: dict[str, Any]) -> None:
        body = json.dumps({"jsonrpc": "2.0", **message}).encode()
        assert self.process.stdin is not None
        self.process.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.process.stdin.flush()

    def notify(self, method: str, params: Any) -> None:
        self._send({"method": method, "params": params})

    def request(self, method: str, params: Any) -> Any:
        self.next_id += 1
        wanted = self.next_id
        self._send({"id": wanted, "method": method, "params": params})
        answer = self._until(lambda m: m.get("id") == wanted and "method" not in m)
        assert "error" not in answer, answer
        return answer.get("result")

    def _until(self, wanted: Any) -> dict[str, Any]:
        """Read messages (answering the server's own requests) until `wanted` holds."""
        while True:
            message = self.inbox.get(timeout=TIMEOUT)
            if message is None:
                raise RuntimeError("yaml-language-server exited")
            if "method" in message and "id" in message:
                self._answer(message)
            elif wanted(message):
                return message

    def _answer(self, message: dict[str, Any]) -> None:
        result: Any = None
        if message["method"] == "workspace/configuration":
            result = [
                self.settings if item.get("section") == "yaml" else None
                for item in message["params"]["items"]
            ]
        self._send({"id": message["id"], "result": result})

    # -- what an editor does ---------------------------------------------------------------------

    def open(self, path: Path, text: str) -> list[dict[str, Any]]:
        """Open a document as an editor does and return the diagnostics the server publishes.

        Each path is opened once and stays open: the server clears a closed document's
        diagnostics with a message of its own, which a later open of the same path could
        mistake for its answer. The file need not exist; the path places it for the
        modeline and the folder mappings.
        """
        uri = path.as_uri()
        assert uri not in self.opened, f"{path} is already open; give each document its own path"
        self.opened.add(uri)
        self.notify("textDocument/didOpen", {"textDocument": {
            "uri": uri, "languageId": "yaml", "version": 1, "text": text,
        }})
        published = self._until(
            lambda m: m.get("method") == "textDocument/publishDiagnostics"
            and m["params"]["uri"] == uri
        )
        return list(published["params"]["diagnostics"])

    def completions(self, path: Path, line: int, character: int) -> list[dict[str, Any]]:
        """What the server offers at (line, character), both 0-based, of an open document."""
        result = self.request("textDocument/completion", {
            "textDocument": {"uri": path.as_uri()},
            "position": {"line": line, "character": character},
        })
        items = result["items"] if isinstance(result, dict) else result
        return list(items or [])

    def hover(self, path: Path, line: int, character: int) -> str | None:
        """The hover's markdown at (line, character), both 0-based, of an open document."""
        result = self.request("textDocument/hover", {
            "textDocument": {"uri": path.as_uri()},
            "position": {"line": line, "character": character},
        })
        return None if result is None else str(result["contents"]["value"])


_PLACEHOLDER = re.compile(r"\$\{\d+:((?:\\.|[^}\\])*)\}|\$\{\d+\}|\$\d+")


def expand_snippet(snippet: str) -> str:
    """A completion's snippet as the editor inserts it before the author types: each
    placeholder replaced by its default text (or nothing)."""
    text = _PLACEHOLDER.sub(lambda m: m.group(1) or "", snippet)
    return re.sub(r"\\([$}\\])", r"\1", text)


def inserted_text(item: dict[str, Any]) -> str:
    edit = item.get("textEdit")
    text = edit["newText"] if edit else item.get("insertText", item["label"])
    if item.get("insertTextFormat") == 2:
        return expand_snippet(text)
    return str(text)


_MARKDOWN_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|<>])")


def hover_parts(markdown: str) -> tuple[str, str]:
    """A hover's title and description (markdown escapes undone), without the source link."""
    body = markdown.split("\n\nSource: [", 1)[0]
    title, _, rest = body.partition("\n\n")
    description = rest.split("\n\nAllowed Values:", 1)[0].split("\n\nExample:", 1)[0]
    return title.removeprefix("#### "), _MARKDOWN_ESCAPE.sub(r"\1", description).strip()
