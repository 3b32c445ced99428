"""WebSocket clients for bench/notifications.py, in a process of their own (so the sender's
work never delays what they measure): connect N clients to a page's socket, print READY,
note the wall-clock time each event reaches each client (and print ALL <event> once every
client has it, so the sender sends the next), write them as JSON and exit.

    python bench/ws_clients.py PORT PATH COOKIE CLIENTS EVENTS OUT.json
"""

import asyncio
import base64
import contextlib
import json
import os
import sys
import time


class Client:
    """A minimal RFC 6455 client: enough for daphne's unmasked text frames."""

    def __init__(self, reader, writer):
        self.reader, self.writer = reader, writer

    @classmethod
    async def connect(cls, port: int, path: str, cookie: str) -> "Client":
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        key = base64.b64encode(os.urandom(16)).decode()
        writer.write(
            (
                f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nUpgrade: websocket\r\n"
                f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n"
                f"Origin: http://127.0.0.1:{port}\r\nCookie: {cookie}\r\n\r\n"
            ).encode()
        )
        head = await reader.readuntil(b"\r\n\r\n")
        if b" 101 " not in head.split(b"\r\n", 1)[0]:
            raise RuntimeError(f"handshake refused: {head[:80]!r}")
        return cls(reader, writer)

    def _send(self, opcode: int, payload: bytes = b"") -> None:
        mask = os.urandom(4)
        masked = bytes(b ^ mask[i % 4] for i, b in enumerate(payload))
        self.writer.write(bytes([0x80 | opcode, 0x80 | len(payload)]) + mask + masked)

    async def receive(self):
        """The next text message as JSON (answers pings on the way); None when closed."""
        while True:
            first, second = await self.reader.readexactly(2)
            length = second & 0x7F
            if length == 126:
                length = int.from_bytes(await self.reader.readexactly(2), "big")
            elif length == 127:
                length = int.from_bytes(await self.reader.readexactly(8), "big")
            payload = await self.reader.readexactly(length)
            opcode = first & 0x0F
            if opcode == 0x1:
                return json.loads(payload)
            if opcode == 0x9:
                self._send(0xA, payload)
            elif opcode == 0x8:
                return None

    def close(self) -> None:
        try:
            self._send(0x8, (1000).to_bytes(2, "big"))
        finally:
            self.writer.close()


async def main(port: int, path: str, cookie: str, count: int, events: int, out: str) -> None:
    clients = [await Client.connect(port, path, cookie) for _ in range(count)]
    arrivals: list[list] = []  # [event number, client number, wall-clock time]

    reached: dict[int, int] = {}

    async def listen(number: int, client: Client) -> None:
        seen = 0
        while seen < events:
            data = await client.receive()
            if data is None:
                return
            if "task_id" in data:
                arrivals.append([data["task_id"], number, time.time()])
                seen += 1
                reached[data["task_id"]] = reached.get(data["task_id"], 0) + 1
                if reached[data["task_id"]] == count:  # every client has it: the sender may go on
                    print(f"ALL {data['task_id']}", flush=True)

    print("READY", flush=True)
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(asyncio.gather(*(listen(n, c) for n, c in enumerate(clients))), timeout=120)
    for client in clients:
        client.close()
    with open(out, "w") as handle:
        json.dump(arrivals, handle)


if __name__ == "__main__":
    port, path, cookie, count, events, out = sys.argv[1:7]
    asyncio.run(main(int(port), path, cookie, int(count), int(events), out))
