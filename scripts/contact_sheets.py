"""Contact sheets of screenshots, to look through many pages at once.

The crawl (``PRIORITET_SCREENSHOTS=all pytest tests/browser/test_crawl.py``) photographs every page at
1280 and 390 px into ``test-artifacts/screenshots/crawl/``; this puts them, scaled and labelled with
their file names, a few to a sheet, into ``…/crawl/sheets/``:

    .venv/bin/python scripts/contact_sheets.py                     # every width, default folder
    .venv/bin/python scripts/contact_sheets.py --width 390 --per-sheet 6 --match cases.detail

A page taller than ``--max-height`` (after scaling) is cut there, and its label says so: open the file
itself to see the rest.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

FOLDER = Path(__file__).resolve().parents[1] / "test-artifacts" / "screenshots" / "crawl"
LABEL = 28
GAP = 16
#: Per width: how many to a sheet, the scale, the tallest tile (scaled px).
LAYOUT = {"1280": (3, 0.45, 1600), "390": (6, 0.6, 2000)}


def font(size: int) -> ImageFont.ImageFont | ImageFont.FreeTypeFont:
    try:
        return ImageFont.truetype("DejaVuSans.ttf", size)
    except OSError:
        return ImageFont.load_default()


def sheet(files: list[Path], scale: float, max_height: int) -> Image.Image:
    tiles = []
    for path in files:
        with Image.open(path) as image:
            size = (round(image.width * scale), round(image.height * scale))
            tile = image.convert("RGB").resize(size, Image.Resampling.LANCZOS)
        cut = tile.height > max_height
        tiles.append((path, tile.crop((0, 0, tile.width, max_height)) if cut else tile, cut, image.height))
    width = sum(t.width for _, t, _, _ in tiles) + GAP * (len(tiles) + 1)
    height = max(t.height for _, t, _, _ in tiles) + LABEL + GAP * 2
    out = Image.new("RGB", (width, height), "#9aa0a6")
    draw = ImageDraw.Draw(out)
    small = font(13)
    x = GAP
    for path, tile, cut, full in tiles:
        out.paste(tile, (x, GAP + LABEL))
        label = path.stem + (f" (cut; {full} px)" if cut else "")
        draw.rectangle((x, GAP, x + tile.width, GAP + LABEL - 2), fill="white")
        # Long names wrap onto two lines within the tile.
        per_line = max(10, tile.width // 8)
        lines = "\n".join([label[:per_line], label[per_line : per_line * 2]])
        draw.multiline_text((x + 3, GAP + 1), lines, fill="black", font=small, spacing=0)
        x += tile.width + GAP
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("folder", nargs="?", type=Path, default=FOLDER)
    parser.add_argument("--width", choices=sorted(LAYOUT), action="append", help="the widths to put on sheets")
    parser.add_argument("--per-sheet", type=int, help="screenshots per sheet")
    parser.add_argument("--match", default="", help="only files whose name contains this")
    parser.add_argument("--max-height", type=int, help="the tallest tile, in scaled pixels")
    parser.add_argument("--scale", type=float, help="the scale of the tiles")
    args = parser.parse_args()
    out_dir = args.folder / "sheets"
    out_dir.mkdir(exist_ok=True)
    for width in args.width or sorted(LAYOUT):
        per_sheet, scale, max_height = LAYOUT[width]
        per_sheet, scale = args.per_sheet or per_sheet, args.scale or scale
        files = sorted(p for p in args.folder.glob(f"*-{width}.png") if args.match in p.name)
        for number, start in enumerate(range(0, len(files), per_sheet), 1):
            path = out_dir / f"{width}-{args.match or 'all'}-{number:03}.png".replace(":", ".")
            sheet(files[start : start + per_sheet], scale, args.max_height or max_height).save(path, optimize=True)
            print(path, "—", ", ".join(p.stem for p in files[start : start + per_sheet]))


if __name__ == "__main__":
    main()
