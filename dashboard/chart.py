"""Server-rendered SVG line charts: trades created and completed per day, and the value completed per day
(no JavaScript, no library)."""

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

WIDTH, HEIGHT = 720, 220
LEFT, RIGHT, TOP, BOTTOM = 36, 12, 14, 34
SERIES_COLOURS = {"Created": "#417690", "Completed": "#5b9d4f", "Value completed": "#b5651d"}


def _nice_max(value: int) -> int:
    for step in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000):
        if value <= step * 4:
            return step * 4
    return ((value // 1000) + 1) * 1000


def line_chart(
    days: list[str], series: dict[str, list[int]], label: str = "Trades created and completed per day"
) -> SafeString:
    top = _nice_max(max([1, *[v for values in series.values() for v in values]]))
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    step = plot_w / max(1, len(days) - 1)

    def x(i: int) -> float:
        return round(LEFT + i * step, 1)

    def y(v: int) -> float:
        return round(TOP + plot_h - v * plot_h / top, 1)

    grid = format_html_join(
        "",
        '<line x1="{}" y1="{}" x2="{}" y2="{}" class="grid"/>'
        '<text x="{}" y="{}" class="axis" text-anchor="end">{}</text>',
        (
            (LEFT, y(top * k // 4), WIDTH - RIGHT, y(top * k // 4), LEFT - 6, y(top * k // 4) + 4, top * k // 4)
            for k in range(5)
        ),
    )
    labels = format_html_join(
        "",
        '<text x="{}" y="{}" class="axis" text-anchor="middle">{}</text>',
        ((x(i), HEIGHT - BOTTOM + 16, day[5:]) for i, day in enumerate(days) if i % 5 == 4 or i == len(days) - 1),
    )
    lines = []
    for name, values in series.items():
        colour = SERIES_COLOURS.get(name, "#999")
        points = " ".join(f"{x(i)},{y(v)}" for i, v in enumerate(values))
        dots = format_html_join(
            "",
            '<circle cx="{}" cy="{}" r="2.5" fill="{}"><title>{}: {} {}</title></circle>',
            ((x(i), y(v), colour, days[i], v, name.lower()) for i, v in enumerate(values)),
        )
        lines.append(
            format_html('<polyline points="{}" fill="none" stroke="{}" stroke-width="2"/>{}', points, colour, dots)
        )
    legend = format_html_join(
        "",
        '<rect x="{}" y="{}" width="10" height="10" fill="{}"/><text x="{}" y="{}" class="legend">{} ({})</text>',
        (
            (
                LEFT + 150 * n,
                HEIGHT - 12,
                SERIES_COLOURS.get(name, "#999"),
                LEFT + 150 * n + 14,
                HEIGHT - 3,
                name,
                sum(values),
            )
            for n, (name, values) in enumerate(series.items())
        ),
    )
    return format_html(
        '<svg class="chart" viewBox="0 0 {} {}" role="img" aria-label="{}, '
        'last {} days" xmlns="http://www.w3.org/2000/svg">{}{}{}{}</svg>',
        WIDTH,
        HEIGHT,
        label,
        len(days),
        grid,
        labels,
        mark_safe("".join(lines)),
        legend,
    )
