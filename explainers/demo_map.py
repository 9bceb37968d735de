"""The demo's map, drawn with Pillow when the demo is loaded.

A schematic map of Ukraine (a simplified outline of its internationally
recognised borders, neighbours named, and the cities the demo explainers
mention), made for this project: nothing is taken from elsewhere.
"""

import io
import math

from PIL import Image, ImageDraw, ImageFont

WIDTH, HEIGHT = 1600, 1000
WEST, EAST, SOUTH, NORTH = 21.0, 41.5, 43.8, 53.0

# Longitude, latitude: a simplified outline, Crimea included.
OUTLINE = [
    (22.1, 48.4), (22.6, 49.1), (22.7, 49.6), (23.5, 50.3), (24.0, 50.7),
    (23.6, 51.5), (24.4, 51.9), (25.3, 51.9), (26.2, 51.8), (27.2, 51.6),
    (28.2, 51.6), (29.2, 51.4), (30.2, 51.5), (30.6, 52.0), (31.8, 52.1),
    (32.4, 52.3), (33.2, 52.4), (34.1, 52.0), (34.4, 51.3), (35.3, 51.1),
    (35.9, 50.4), (36.6, 50.2), (37.5, 50.3), (38.2, 50.0), (39.2, 49.9),
    (40.1, 49.6), (40.0, 49.0), (39.7, 48.6), (39.9, 47.9), (38.9, 47.3),
    (38.2, 47.1), (37.4, 46.9), (36.2, 46.6), (35.3, 46.3), (34.8, 46.1),
    (35.6, 45.3), (36.5, 45.4), (36.2, 45.0), (35.2, 44.8), (34.2, 44.4),
    (33.4, 44.6), (33.6, 45.1), (32.5, 45.4), (33.6, 45.9), (32.0, 46.2),
    (31.6, 46.6), (30.8, 46.4), (30.3, 45.9), (29.7, 45.3), (28.2, 45.5),
    (28.6, 46.0), (28.9, 46.5), (29.6, 47.3), (29.2, 47.9), (28.2, 48.2),
    (27.5, 48.5), (26.6, 48.3), (25.1, 47.9), (24.0, 48.0), (22.9, 47.9),
]  # fmt: skip

CAPITAL = ("Kyiv", 30.52, 50.45)
CITIES = [
    ("Lviv", 24.03, 49.84),
    ("Kharkiv", 36.23, 49.99),
    ("Dnipro", 35.05, 48.46),
    ("Kryvyi Rih", 33.39, 47.91),
    ("Zaporizhzhia", 35.14, 47.84),
    ("Donetsk", 37.80, 48.00),
    ("Luhansk", 39.31, 48.57),
    ("Odesa", 30.73, 46.48),
]
LABELS_LEFT = {"Kryvyi Rih", "Luhansk"}
LABELS_BELOW = {"Zaporizhzhia"}
NEIGHBOURS = [
    ("BELARUS", 27.5, 52.6),
    ("RUSSIA", 38.6, 51.7),
    ("POLAND", 22.2, 51.9),
    ("MOLDOVA", 28.4, 47.3),
    ("ROMANIA", 25.2, 46.6),
]
SEAS = [("Black Sea", 31.4, 44.9), ("Sea of Azov", 37.0, 46.3)]
BLACK_SEA = [
    (27.0, 43.0), (28.0, 43.8), (28.6, 44.8), (29.7, 45.3), (30.3, 45.9),
    (30.8, 46.4), (31.6, 46.6), (32.0, 46.2), (33.6, 45.9), (32.5, 45.4),
    (33.6, 45.1), (33.4, 44.6), (34.2, 44.4), (35.2, 44.8), (36.2, 45.0),
    (36.6, 45.2), (37.4, 44.9), (38.4, 44.5), (39.4, 44.0), (40.4, 43.4),
    (41.0, 43.0),
]  # fmt: skip
AZOV_SEA = [
    (34.8, 46.1), (35.3, 46.3), (36.2, 46.6), (37.4, 46.9), (38.2, 47.1),
    (39.3, 47.25), (38.7, 46.8), (38.2, 46.4), (37.8, 46.0), (37.3, 45.5),
    (36.7, 45.3), (36.5, 45.4), (35.6, 45.3), (35.1, 45.6),
]  # fmt: skip

INK, LAND, WATER, BORDER, ACCENT = "#1b1b1b", "#efe9da", "#d6e4ee", "#6b6357", "#8a1c1c"


def _xy(lon: float, lat: float) -> tuple[float, float]:
    # Equirectangular, with longitude scaled at the map's middle latitude,
    # centred on the canvas.
    squeeze = math.cos(math.radians(48.5))
    scale = min(WIDTH / ((EAST - WEST) * squeeze), HEIGHT / (NORTH - SOUTH))
    left = (WIDTH - (EAST - WEST) * squeeze * scale) / 2
    top = (HEIGHT - (NORTH - SOUTH) * scale) / 2
    return left + (lon - WEST) * squeeze * scale, top + (NORTH - lat) * scale


def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    return ImageFont.load_default(size=size)


def draw_map() -> bytes:
    """Returns the map as PNG bytes (the same bytes every time)."""
    image = Image.new("RGB", (WIDTH, HEIGHT), "#e4e0d6")  # the neighbours
    draw = ImageDraw.Draw(image)
    for sea in ([*BLACK_SEA, (41.5, 42.0), (26.0, 42.0)], AZOV_SEA):
        draw.polygon([_xy(*p) for p in sea], fill=WATER)
    draw.polygon([_xy(*p) for p in OUTLINE], fill=LAND, outline=BORDER, width=4)
    for name, lon, lat in NEIGHBOURS:
        draw.text(_xy(lon, lat), name, fill="#7a7368", font=_font(34), anchor="mm")
    for name, lon, lat in SEAS:
        draw.text(_xy(lon, lat), name, fill="#3d6482", font=_font(34), anchor="mm")
    for name, lon, lat in CITIES:
        x, y = _xy(lon, lat)
        draw.ellipse((x - 8, y - 8, x + 8, y + 8), fill=INK)
        if name in LABELS_LEFT:
            draw.text((x - 14, y), name, fill=INK, font=_font(36), anchor="rm")
        elif name in LABELS_BELOW:
            draw.text((x, y + 14), name, fill=INK, font=_font(36), anchor="mt")
        else:
            draw.text((x + 14, y), name, fill=INK, font=_font(36), anchor="lm")
    name, lon, lat = CAPITAL
    x, y = _xy(lon, lat)
    draw.rectangle((x - 11, y - 11, x + 11, y + 11), fill=ACCENT)
    draw.text((x + 18, y), name, fill=ACCENT, font=_font(46), anchor="lm")
    draw.text(
        (40, HEIGHT - 40),
        "Schematic map, borders simplified. Newsroom Explainers graphics desk.",
        fill="#4a4a4a",
        font=_font(24),
        anchor="ls",
    )
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()
