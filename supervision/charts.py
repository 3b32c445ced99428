"""Charts as inline SVG rendered on the server: no JavaScript, no external files.

Every mark is a link to the cases behind it and carries a <title> for a tooltip. Charts
scale to the screen width through their viewBox.
"""

import dataclasses
import datetime

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

WIDTH = 480
BLUE, GREEN, RED, GREY = "#2b6cb0", "#2f855a", "#c53030", "#718096"


@dataclasses.dataclass
class Series:
    label: str
    color: str
    values: list[int]
    links: list[str]


@dataclasses.dataclass
class Bar:
    label: str
    value: float
    text: str
    link: str
    color: str = BLUE


def _short(label: str, units: int) -> str:
    """A label that fits `units` half-width characters (CJK count two); the tooltip has it all."""
    label = label.removeprefix("Danzhou ")  # every unit is the city's: the English names repeat it
    used, kept = 0, []
    for char in label:
        width = 2 if ord(char) > 0x2E7F else 1
        if used + width > units:
            return "".join(kept[:-1]) + "…"
        used += width
        kept.append(char)
    return label


def _svg(height: int, body: list[str], title: str) -> SafeString:
    # A group, not an image: its marks are links to the cases behind them.
    return mark_safe(
        f'<svg class="chart" viewBox="0 0 {WIDTH} {height}" role="group" aria-label="{escape(title)}" '
        f'xmlns="http://www.w3.org/2000/svg" font-size="12" font-family="sans-serif">'
        f"<title>{escape(title)}</title>{''.join(body)}</svg>"
    )


def _nice_max(value: float) -> float:
    if value <= 0:
        return 1
    for step in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 2500, 5000, 10_000):
        if value <= step * 4:
            return step * 4
    magnitude = 10 ** (len(str(int(value))) - 1)
    return -(-value // magnitude) * magnitude


def line_chart(title: str, labels: list[datetime.date], series: list[Series]) -> SafeString:
    """Lines over time (one point per label), with a legend above."""
    height, left, right, top, bottom = 240, 44, 12, 28, 28
    plot_w, plot_h = WIDTH - left - right, height - top - bottom
    top_value = _nice_max(max([0, *(value for s in series for value in s.values)]))
    count = max(len(labels), 1)

    def x(index: int) -> float:
        return left + (plot_w * index / (count - 1) if count > 1 else plot_w / 2)

    def y(value: float) -> float:
        return top + plot_h - plot_h * value / top_value

    body = []
    for fraction in (0, 0.25, 0.5, 0.75, 1):
        value = top_value * fraction
        body.append(
            f'<line x1="{left}" x2="{WIDTH - right}" y1="{y(value):.1f}" y2="{y(value):.1f}" stroke="#e2e8f0"/>'
            f'<text x="{left - 4}" y="{y(value) + 4:.1f}" text-anchor="end" fill="{GREY}">{value:g}</text>'
        )
    step = max(1, -(-count // 6))
    for index, label in enumerate(labels):
        if index % step == 0:
            body.append(
                f'<text x="{x(index):.1f}" y="{height - 8}" text-anchor="middle" fill="{GREY}">'
                f"{escape(label.strftime('%m-%d') if count <= 60 else label.strftime('%Y-%m'))}</text>"
            )
    for position, s in enumerate(series):
        legend_x = left + position * 120
        body.append(
            f'<rect x="{legend_x}" y="6" width="12" height="12" fill="{s.color}"/>'
            f'<text x="{legend_x + 16}" y="16">{escape(s.label)}</text>'
        )
        points = " ".join(f"{x(i):.1f},{y(v):.1f}" for i, v in enumerate(s.values))
        body.append(f'<polyline points="{points}" fill="none" stroke="{s.color}" stroke-width="2"/>')
        radius = 3 if count <= 60 else 2
        for index, (value, link) in enumerate(zip(s.values, s.links, strict=False)):
            tip = f"{labels[index].isoformat()} {s.label}: {value}"
            body.append(
                f'<a href="{escape(link)}"><circle cx="{x(index):.1f}" cy="{y(value):.1f}" r="{radius}" '
                f'fill="{s.color}"><title>{escape(tip)}</title></circle></a>'
            )
    return _svg(height, body, title)


def bar_chart(title: str, bars: list[Bar], *, maximum: float | None = None) -> SafeString:
    """Horizontal bars, one per row, in the order given (rank them before)."""
    row, label_w, text_w, top = 24, 130, 52, 4
    height = top * 2 + row * max(len(bars), 1)
    top_value = maximum or max([0, *(bar.value for bar in bars)]) or 1
    plot_w = WIDTH - label_w - text_w
    body = []
    if not bars:
        body.append(f'<text x="{WIDTH / 2}" y="{top + 15}" text-anchor="middle" fill="{GREY}">—</text>')
    for index, bar in enumerate(bars):
        y = top + index * row
        width = max(1.0, plot_w * bar.value / top_value) if bar.value else 0
        body.append(
            f'<a href="{escape(bar.link)}"><text x="{label_w - 6}" y="{y + 15}" text-anchor="end">'
            f"{escape(_short(bar.label, 18))}</text>"
            f'<rect x="{label_w}" y="{y + 4}" width="{width:.1f}" height="{row - 8}" fill="{bar.color}">'
            f"<title>{escape(bar.label)}: {escape(bar.text)}</title></rect>"
            f'<text x="{label_w + width + 4:.1f}" y="{y + 15}">{escape(bar.text)}</text></a>'
        )
    return _svg(height, body, title)


def heatmap(
    title: str,
    rows: list[tuple[str, object]],
    columns: list[datetime.date],
    cells: dict[tuple[object, datetime.date], int],
    link,
) -> SafeString:
    """A grid of counts, darker for more; `link(row_key, column)` gives each cell's address."""
    label_w, head, cell_h = 110, 30, 20
    count = max(len(columns), 1)
    cell_w = (WIDTH - label_w) / count
    height = head + cell_h * max(len(rows), 1) + 4
    top_value = max([1, *cells.values()])
    body = []
    step = max(1, -(-count // 8))
    for index, column in enumerate(columns):
        if index % step == 0:
            body.append(
                f'<text x="{label_w + cell_w * (index + 0.5):.1f}" y="{head - 8}" text-anchor="middle" '
                f'fill="{GREY}">{escape(column.strftime("%y-%m"))}</text>'
            )
    for row_index, (label, key) in enumerate(rows):
        y = head + row_index * cell_h
        body.append(
            f'<text x="{label_w - 6}" y="{y + 14}" text-anchor="end">{escape(_short(label, 15))}</text>'
        )
        for index, column in enumerate(columns):
            value = cells.get((key, column), 0)
            shade = value / top_value
            fill = f"rgb({int(247 - 204 * shade)},{int(250 - 150 * shade)},{int(255 - 80 * shade)})"
            tip = f"{label} {column:%Y-%m}: {value}"
            x = label_w + index * cell_w
            text = ""
            if value and cell_w >= 22:
                color = "#fff" if shade > 0.55 else "#1a202c"
                text = (
                    f'<text x="{x + cell_w / 2:.1f}" y="{y + 14}" text-anchor="middle" font-size="9" '
                    f'fill="{color}">{value}</text>'
                )
            body.append(
                f'<a href="{escape(link(key, column))}"><rect x="{x:.1f}" y="{y}" width="{cell_w - 1:.1f}" '
                f'height="{cell_h - 1}" fill="{fill}"><title>{escape(tip)}</title></rect>{text}</a>'
            )
    return _svg(height, body, title)
