"""A small SVG line plot of both sides of a refuted relation (see :mod:`checker.profile`), made without a display.

Plain SVG text: no plotting library, no font files, nothing a page has to fetch. The vertical range is
chosen from the values themselves, trimmed of extreme ones (a pole would flatten everything else), and a
segment is not drawn across a point where a side is undefined.
"""

from __future__ import annotations

import html
import math
from collections.abc import Sequence

from checker.engine.profile import Profile

WIDTH, HEIGHT = 360, 200
LEFT, RIGHT, TOP, BOTTOM = 46, 10, 10, 34
COLOURS = ("#1f5fa8", "#c2571a")


def _number(value: float) -> str:
    if value == 0:
        return "0"
    if abs(value) >= 1e4 or abs(value) < 1e-3:
        return f"{value:.2e}"
    return f"{value:.4g}"


def _vertical_range(values: Sequence[float]) -> tuple[float, float]:
    ordered = sorted(values)
    trim = len(ordered) // 20
    low, high = ordered[trim], ordered[len(ordered) - 1 - trim]
    if high - low < 1e-12:
        pad = max(abs(high) * 0.1, 1.0)
        return low - pad, high + pad
    pad = (high - low) * 0.08
    return low - pad, high + pad


def _path(xs: Sequence[float], ys: Sequence[float | None], sx: object, sy: object, low: float, high: float) -> str:
    commands: list[str] = []
    pen_down = False
    for x, y in zip(xs, ys):
        if y is None or not math.isfinite(y) or not low <= y <= high:
            pen_down = False
            continue
        commands.append(f"{'L' if pen_down else 'M'}{sx(x):.1f},{sy(y):.1f}")  # type: ignore[operator]
        pen_down = True
    return " ".join(commands)


def svg(profile: Profile, axis: str, sides: tuple[str, str] = ("left side", "right side")) -> str:
    """The plot as an inline ``<svg>`` element; ``axis`` names the horizontal coordinate (plain text)."""
    finite = [v for v in (*profile.lhs, *profile.rhs) if v is not None and math.isfinite(v)]
    if not finite:
        return ""
    low, high = _vertical_range(finite)
    x0, x1 = profile.xs[0], profile.xs[-1]
    width, height = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def sx(x: float) -> float:
        return LEFT + (x - x0) / (x1 - x0) * width if x1 > x0 else LEFT + width / 2

    def sy(y: float) -> float:
        return TOP + (high - y) / (high - low) * height

    parts = [f'<svg class="plot" viewBox="0 0 {WIDTH} {HEIGHT}" width="{WIDTH}" height="{HEIGHT}" role="img" '
             f'xmlns="http://www.w3.org/2000/svg"><title>{html.escape(sides[0])} and {html.escape(sides[1])} '
             f'along {html.escape(axis)}</title>',
             f'<rect x="{LEFT}" y="{TOP}" width="{width}" height="{height}" fill="#fff" stroke="#bbb"/>']
    if low < 0 < high:
        parts.append(f'<line x1="{LEFT}" x2="{LEFT + width}" y1="{sy(0):.1f}" y2="{sy(0):.1f}" stroke="#ddd"/>')
    marker = sx(profile.at)
    parts.append(f'<line class="at" x1="{marker:.1f}" x2="{marker:.1f}" y1="{TOP}" y2="{TOP + height}" '
                 'stroke="#b00" stroke-dasharray="3,3"/>')
    for ys, colour, dash in ((profile.lhs, COLOURS[0], ""), (profile.rhs, COLOURS[1], ' stroke-dasharray="6,3"')):
        d = _path(profile.xs, ys, sx, sy, low, high)
        if d:
            parts.append(f'<path d="{d}" fill="none" stroke="{colour}" stroke-width="2"{dash}/>')
    text = 'font-size="10" font-family="sans-serif" fill="#333"'
    parts += [f'<text x="{LEFT - 4}" y="{TOP + 8}" text-anchor="end" {text}>{_number(high)}</text>',
              f'<text x="{LEFT - 4}" y="{TOP + height}" text-anchor="end" {text}>{_number(low)}</text>',
              f'<text x="{LEFT}" y="{TOP + height + 12}" {text}>{_number(x0)}</text>',
              f'<text x="{LEFT + width}" y="{TOP + height + 12}" text-anchor="end" {text}>{_number(x1)}</text>',
              f'<text x="{LEFT + width / 2:.0f}" y="{TOP + height + 12}" text-anchor="middle" {text}>'
              f'{html.escape(axis)}</text>',
              f'<text x="{LEFT}" y="{HEIGHT - 4}" {text}><tspan fill="{COLOURS[0]}">━ {html.escape(sides[0])}</tspan>'
              f'<tspan dx="12" fill="{COLOURS[1]}">╍ {html.escape(sides[1])}</tspan>'
              f'<tspan dx="12" fill="#b00">┆ counterexample</tspan></text>',
              "</svg>"]
    return "".join(parts)
