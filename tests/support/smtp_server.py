"""A real SMTP server for the tests (aiosmtpd): listens on 127.0.0.1 at the port given and
writes each message it accepts, as received, into the folder given, one .eml file each.
Says "ready" on its standard output once it listens; stops on SIGTERM."""

import pathlib
import signal
import sys
import time

from aiosmtpd.controller import Controller

inbox = pathlib.Path(sys.argv[2])


class Keep:
    async def handle_DATA(self, server, session, envelope):
        name = "%d-%s.eml" % (time.time_ns(), envelope.rcpt_tos[0])
        partial = inbox / (name + ".part")
        partial.write_bytes(envelope.original_content or envelope.content)
        partial.rename(inbox / name)
        return "250 Message accepted for delivery"


controller = Controller(Keep(), hostname="127.0.0.1", port=int(sys.argv[1]))
controller.start()
print("ready", flush=True)
signal.sigwait([signal.SIGTERM, signal.SIGINT])
controller.stop()
