"""Draw site/static/img/partage.png, the picture shown when a page is shared (Open Graph).

Run once after a change of wording or colours: .venv/bin/python scripts/make-share-image.py
It uses DejaVu Sans (Debian's fonts-dejavu-core); the PNG is committed, so the site needs no font.
"""

from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

WIDTH, HEIGHT = 1200, 630
BRAND, PAPER = "#1d4e5f", "#ffffff"
FONTS = Path("/usr/share/fonts/truetype/dejavu")
TARGET = Path(__file__).resolve().parent.parent / "site/static/img/partage.png"


def main():
    image = Image.new("RGB", (WIDTH, HEIGHT), BRAND)
    draw = ImageDraw.Draw(image)
    bold = ImageFont.truetype(str(FONTS / "DejaVuSans-Bold.ttf"), 72)
    regular = ImageFont.truetype(str(FONTS / "DejaVuSans.ttf"), 38)
    draw.text((80, 150), "Formation-action · 2014", font=regular, fill=PAPER)
    draw.text((80, 230), "Développement", font=bold, fill=PAPER)
    draw.text((80, 320), "économique urbain", font=bold, fill=PAPER)
    draw.rectangle((80, 440, 280, 448), fill=PAPER)
    draw.text(
        (80, 480), "ARADEL et CR•DSU — huit territoires, cinq séances", font=regular, fill=PAPER
    )
    image.save(TARGET, optimize=True)
    print(f"{TARGET} ({TARGET.stat().st_size} octets)")


if __name__ == "__main__":
    main()
