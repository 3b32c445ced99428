"""Cleaning large phone photos: time and peak memory of evidence_check_all.

    .venv/bin/python bench/evidence.py --photos 5 --megapixels 36

Writes N JPEGs of the given size (a smooth gradient with noise, about 8 MB each at 36 MP)
in a child process, then checks them all at once in a fresh one, as a report with N
attachments is, and prints the wall time and the growth of the process's peak memory.
"""

import argparse
import os
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

MAKE = """
import sys
from PIL import Image
width, height, path = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
size = (width, height)
noise = Image.effect_noise(size, 8)
Image.merge("RGB", [Image.linear_gradient("L").resize(size), noise, Image.radial_gradient("L").resize(size)]).save(
    path, "JPEG", quality=90
)
"""

CHECK = """
import os, resource, sys, time
import django
django.setup()
from django.core.files.uploadedfile import SimpleUploadedFile
from intake.evidence import evidence_check_all
data = open(sys.argv[1], "rb").read()
uploads = [SimpleUploadedFile(f"p{n}.jpg", data) for n in range(int(sys.argv[2]))]
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
start = time.perf_counter()
evidence, refused = evidence_check_all(uploads)
took = time.perf_counter() - start
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(f"{len(evidence)} kept, {len(refused)} refused; {took:.2f} s; peak memory +{(peak - before) / 1024:.0f} MB")
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--photos", type=int, default=5)
    parser.add_argument("--megapixels", type=float, default=36)
    args = parser.parse_args()
    width = int((args.megapixels * 1_000_000 * 3 / 2) ** 0.5)
    height = width * 2 // 3
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "project.settings"}
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "photo.jpg")
        subprocess.run([sys.executable, "-c", MAKE, str(width), str(height), path], check=True)
        env["VAR_DIR"] = folder
        print(
            f"{args.photos} x {width}x{height} JPEG ({os.path.getsize(path) / 1e6:.1f} MB each):", flush=True
        )
        subprocess.run([sys.executable, "-c", CHECK, path, str(args.photos)], check=True, cwd=ROOT, env=env)


if __name__ == "__main__":
    main()
