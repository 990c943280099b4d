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
