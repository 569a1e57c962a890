"""A real SMTP server process (aiosmtpd) on 127.0.0.1 that keeps what arrives in a Maildir,
and refuses recipients whose address contains "bounce" with a permanent 550."""

from __future__ import annotations

import mailbox
import subprocess
import sys
import time
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from pathlib import Path

from aiosmtpd.handlers import Mailbox

from forum.localserver import free_port, stop, wait_until_ready
from forum.settings import ROOT


class RefusingMailbox(Mailbox):
    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if "bounce" in address:
            return "550 5.1.1 No such user here"
        envelope.rcpt_tos.append(address)
        return "250 OK"


class SmtpServer:
    def __init__(self, directory: Path, port: int | None = None):
        self.port = port or free_port()
        self.maildir = directory / "maildir"
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"smtp://127.0.0.1:{self.port}"

    def start(self) -> SmtpServer:
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "aiosmtpd",
                "-n",
                "-l",
                f"127.0.0.1:{self.port}",
                "-c",
                "tests.mailserver.RefusingMailbox",
                str(self.maildir),
            ],
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_until_ready(self.process, self.port, path=None, timeout=15)
        return self

    def stop(self) -> None:
        if self.process is not None:
            stop(self.process)
            self.process = None

    def messages(self) -> list[EmailMessage]:
        if not self.maildir.exists():
            return []
        parser = BytesParser(policy=policy.default)
        box = mailbox.Maildir(self.maildir, create=False)
        # In order of arrival (Maildir names do not sort by time within a second).
        keys = sorted(box.keys(), key=lambda key: (box.get_message(key).get_date(), key))
        return [parser.parsebytes(box.get_bytes(key)) for key in keys]

    def wait_for(self, count: int, timeout: float = 30) -> list[EmailMessage]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = self.messages()
            if len(found) >= count:
                return found
            time.sleep(0.2)
        return self.messages()
