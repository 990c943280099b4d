# Summary statistics and correlations with the standard library only (works offline).
import csv
import json
import statistics

rows = list(csv.DictReader(input_data.splitlines())) if isinstance(input_data, str) else input_data


def as_number(value):
    if isinstance(value, bool):
        return None
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


columns = {}
for row in rows:
    for key, value in row.items():
        number = as_number(value)
        if number is not None:
            columns.setdefault(key, []).append(number)

summary = {
    name: {
        "count": len(values),
        "mean": statistics.fmean(values),
        "median": statistics.median(values),
        "stdev": statistics.stdev(values) if len(values) > 1 else 0.0,
        "min": min(values),
        "max": max(values),
    }
    for name, values in columns.items()
}
names = sorted(columns)
correlation = {
    a: {b: round(statistics.correlation(columns[a], columns[b]), 6) for b in names} for a in names
}
output = json.loads(json.dumps({"rows": len(rows), "summary": summary, "correlation": correlation}))

# A CSV report and a PNG bar chart of the column means, written into the agent's home directory:
# the agent asks for both files back with the result (outputFiles).
with open("report.csv", "w", newline="") as report:
    writer = csv.writer(report)
    writer.writerow(["column", "count", "mean", "median", "stdev", "min", "max"])
    for name in names:
        s = summary[name]
        writer.writerow([name, s["count"], s["mean"], s["median"], s["stdev"], s["min"], s["max"]])


def png(width, height, pixels):
    """An RGB PNG from rows of (r, g, b) tuples, with zlib and struct only."""
    import struct
    import zlib

    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    raw = b"".join(b"\x00" + bytes(v for rgb in row for v in rgb) for row in pixels)
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")


WIDTH, HEIGHT, BAR = 40 * max(1, len(names)), 100, 30
top = max([abs(summary[n]["mean"]) for n in names] + [1e-9])
heights = [int(abs(summary[n]["mean"]) / top * (HEIGHT - 10)) for n in names]
pixels = [
    [
        (40, 90, 200) if (x % 40) < BAR and x // 40 < len(heights) and HEIGHT - y <= heights[x // 40] else (255, 255, 255)
        for x in range(WIDTH)
    ]
    for y in range(HEIGHT)
]
with open("chart.png", "wb") as chart:
    chart.write(png(WIDTH, HEIGHT, pixels))
