"""Draw the site's icons from the design of site/static/img/favicon.svg (a « D » and a bar on
the brand's colour): /favicon.ico (16, 32 and 48 px, for browsers and tools that ask for it at
the root), the touch icon (180 px, iOS asks for /apple-touch-icon.png too) and the web
manifest's icons (192 and 512 px).

Run once after a change of the icon: .venv/bin/python scripts/make-icons.py
The files are committed; the site needs nothing of this script.
"""

from pathlib import Path

from PIL import Image, ImageDraw

BRAND, ACCENT, PAPER = "#1d4e5f", "#f6c85f", "#ffffff"
ROOT = Path(__file__).resolve().parent.parent / "site"
SCALE = 32  # the SVG's unit, in pixels of the master drawing (32 × 32 units)


def master(size=32 * SCALE, rounded=True):
    """The icon at 1024 px, unit for unit as favicon.svg draws it."""
    image = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)

    def u(value):
        return round(value * SCALE)

    if rounded:
        draw.rounded_rectangle((0, 0, size - 1, size - 1), radius=u(6), fill=BRAND)
    else:  # touch icons: the system rounds the corners itself
        draw.rectangle((0, 0, size, size), fill=BRAND)
    # The « D »: a bar from x 7 to 12, a half disc of radius 7 centred on (12, 16)…
    draw.rectangle((u(7), u(9), u(12), u(23)), fill=ACCENT)
    draw.pieslice((u(5), u(9), u(19), u(23)), start=-90, end=90, fill=ACCENT)
    # … hollowed by a bar from x 11 to 12 and a half disc of radius 3 (y 13 to 19).
    draw.rectangle((u(11), u(13), u(12), u(19)), fill=BRAND)
    draw.pieslice((u(9), u(13), u(15), u(19)), start=-90, end=90, fill=BRAND)
    # The white bar.
    draw.rounded_rectangle((u(20), u(9), u(25), u(23)), radius=u(1), fill=PAPER)
    return image


def main():
    icon = master()
    ico = ROOT / "root" / "favicon.ico"
    ico.parent.mkdir(exist_ok=True)
    icon.save(ico, sizes=[(16, 16), (32, 32), (48, 48)])
    square = master(rounded=False).convert("RGB")
    touch = square.resize((180, 180), Image.Resampling.LANCZOS)
    for target in (
        ROOT / "root" / "apple-touch-icon.png",
        ROOT / "static/img/apple-touch-icon.png",
    ):
        touch.save(target, optimize=True)
    for size in (192, 512):
        square.resize((size, size), Image.Resampling.LANCZOS).save(
            ROOT / f"static/img/icon-{size}.png", optimize=True
        )
    for path in sorted((ROOT / "root").iterdir()):
        print(f"{path} ({path.stat().st_size} octets)")


if __name__ == "__main__":
    main()
