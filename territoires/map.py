"""A map of the Rhône-Alpes region drawn as inline SVG: no tile server, no other host.

The outline is a simplified trace of the former region's borders (2014, before the merger
with Auvergne), in longitude and latitude; territories are placed by their own coordinates
with the same projection. The map is a picture of the list next to it, which stays the way
to reach each territory (keyboard, screen readers).
"""

import math
from dataclasses import dataclass

# (longitude, latitude), clockwise from the north-west corner of the Loire.
REGION_OUTLINE = [
    (3.90, 46.27),
    (4.39, 46.29),
    (4.78, 46.18),
    (4.95, 46.47),
    (5.31, 46.45),
    (5.47, 46.52),
    (5.73, 46.35),
    (6.06, 46.42),
    (6.14, 46.28),
    (6.00, 46.14),
    (6.31, 46.25),
    (6.52, 46.46),
    (6.80, 46.43),
    (6.79, 46.15),
    (7.04, 45.92),
    (6.81, 45.83),
    (7.18, 45.41),
    (6.98, 45.21),
    (6.63, 45.11),
    (6.26, 45.00),
    (6.35, 44.85),
    (5.80, 44.71),
    (5.63, 44.48),
    (5.66, 44.22),
    (5.25, 44.23),
    (4.89, 44.30),
    (4.65, 44.27),
    (4.45, 44.30),
    (4.07, 44.33),
    (3.95, 44.60),
    (4.23, 44.86),
    (4.36, 45.11),
    (4.16, 45.10),
    (3.89, 45.35),
    (3.70, 45.75),
    (3.77, 45.98),
    (3.90, 46.27),
]
WIDTH = 600
MARGIN = 24
RADIUS = 17
# Each disc is a link whose tap target is a larger, invisible disc: 2 × HIT_RADIUS units are
# 45 px on a 390 px phone (the map is then 358 px wide), the size a finger needs. Discs are
# set apart so that no two targets overlap (a tap never reaches the neighbour).
HIT_RADIUS = 38
GAP = 2 * HIT_RADIUS + 2


@dataclass
class MapPoint:
    number: int
    x: float  # where the territory is
    y: float
    page: object
    label_x: float = 0  # where its numbered disc is drawn, apart from its neighbours'
    label_y: float = 0

    @property
    def moved(self):
        return (self.label_x, self.label_y) != (self.x, self.y)


def _set_apart(points):
    """Move discs that would overlap (Grenoble and Saint-Martin-d'Hères are 3 km apart) away
    from the ones already placed; a line joins a moved disc to its true place."""
    placed = []
    for point in points:
        x, y = point.x, point.y
        for _ in range(20):
            near = [p for p in placed if math.dist((x, y), (p.label_x, p.label_y)) < GAP]
            if not near:
                break
            other = near[0]
            dx, dy = x - other.label_x, y - other.label_y
            length = math.hypot(dx, dy) or 1.0
            if (dx, dy) == (0, 0):
                dx, dy = 1.0, 0.0
            x = round(other.label_x + dx / length * GAP, 1)
            y = round(other.label_y + dy / length * GAP, 1)
        point.label_x, point.label_y = x, y
        placed.append(point)


def _projection():
    """Equirectangular, scaled by the cosine of the region's middle latitude."""
    lons = [lon for lon, _ in REGION_OUTLINE]
    lats = [lat for _, lat in REGION_OUTLINE]
    middle = math.radians((min(lats) + max(lats)) / 2)
    scale = (WIDTH - 2 * MARGIN) / ((max(lons) - min(lons)) * math.cos(middle))
    height = (max(lats) - min(lats)) * scale + 2 * MARGIN

    def project(lon, lat):
        x = MARGIN + (lon - min(lons)) * math.cos(middle) * scale
        y = MARGIN + (max(lats) - lat) * scale
        return round(x, 1), round(y, 1)

    return project, round(height)


def region_map(territories):
    """What the map template draws: its size, the region's outline and one numbered point per
    territory that has coordinates (numbered as in the list of territories)."""
    project, height = _projection()
    outline = " ".join(f"{x},{y}" for x, y in (project(lon, lat) for lon, lat in REGION_OUTLINE))
    points = []
    for number, territory in enumerate(territories, start=1):
        if territory.latitude is None or territory.longitude is None:
            continue
        x, y = project(float(territory.longitude), float(territory.latitude))
        points.append(MapPoint(number, x, y, territory, x, y))
    _set_apart(points)
    return {
        "width": WIDTH,
        "height": height,
        "outline": outline,
        "points": points,
        "radius": RADIUS,
        "hit_radius": HIT_RADIUS,
    }
