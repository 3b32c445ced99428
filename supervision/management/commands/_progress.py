"""A text progress bar on stderr for long commands (no dependency)."""

import sys
import time


class ProgressBar:
    def __init__(self, stream=None, width: int = 30):
        self.stream = stream or sys.stderr
        self.width = width
        self.stage = None
        self.started = time.monotonic()

    def __call__(self, stage: str, done: int, total: int) -> None:
        if stage != self.stage:
            if self.stage is not None:
                self.stream.write("\n")
            self.stage, self.started = stage, time.monotonic()
        share = done / total if total else 1
        filled = int(self.width * share)
        elapsed = time.monotonic() - self.started
        self.stream.write(
            f"\r{stage:<8} [{'#' * filled}{'.' * (self.width - filled)}] {share:6.1%} "
            f"{done:,}/{total:,} {elapsed:6.1f}s"
        )
        self.stream.flush()

    def close(self) -> None:
        if self.stage is not None:
            self.stream.write("\n")
            self.stream.flush()
