"""Prints side by side what scripts/bench-compare measured for a revision (`before`) and
for the working tree (`after`), with the change of each figure."""

import sys
from pathlib import Path

from bench_report import ENDPOINTS, P99_TARGET_MS, READY_TARGET_MS, RSS_TARGET_MB, errors, ms, n, read, rps


def change(before: float, after: float) -> str:
    return "—" if not before else f"{(after - before) / before * 100:+.0f} %"


def backend(before: Path, after: Path, name: str, title: str, rev: str, rate: str) -> None:
    servers = read(before, f"{name}-server"), read(after, f"{name}-server")
    if None in servers:
        print(f"\n{title} : non mesuré (voir la sortie du script).")
        return
    print(f"\n### {title}\n")
    print(
        f"| requête | req/s, {rev} | req/s, après | écart | p99 à {rate}/s, {rev} (ms) "
        f"| p99, après (ms) | erreurs, {rev} / après |"
    )
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    for endpoint, label, *_ in ENDPOINTS:
        runs = [
            (read(folder, f"{name}-{endpoint}-saturation"), read(folder, f"{name}-{endpoint}-rate"))
            for folder in (before, after)
        ]
        if any(None in run for run in runs):
            continue
        (saturated_before, fixed_before), (saturated_after, fixed_after) = runs
        p99 = [fixed.get("latencyPercentiles", {}).get("p99") for fixed in (fixed_before, fixed_after)]
        print(
            f"| {label} | {n(rps(saturated_before))} | {n(rps(saturated_after))} "
            f"| {change(rps(saturated_before), rps(saturated_after))} | {ms(p99[0])} | {ms(p99[1])} "
            f"| {errors(saturated_before) + errors(fixed_before)} / {errors(saturated_after) + errors(fixed_after)} |"
        )
    memory_table(before, after, name, rev)
    (server_before, server_after) = servers
    print(f"\n| serveur | {rev} | après | écart | objectif |")
    print("| --- | ---: | ---: | ---: | --- |")
    for key, label, unit, scale, goal in (
        ("ready_ms", "prêt après un redémarrage", "s", 1000, f"≤ {READY_TARGET_MS / 1000:.0f} s"),
        ("build_ms", "premier démarrage (index construit)", "s", 1000, "—"),
        ("peak_kb", "mémoire résidente maximale", "Mo", 1024, f"< {RSS_TARGET_MB} Mo"),
        ("build_peak_kb", "mémoire pendant la construction", "Mo", 1024, f"< {RSS_TARGET_MB} Mo"),
    ):
        if key not in server_before or key not in server_after:
            continue
        values = server_before[key], server_after[key]
        decimals = 1 if unit == "s" else 0
        print(
            f"| {label} | {n(values[0] / scale, decimals)} {unit} | {n(values[1] / scale, decimals)} {unit} "
            f"| {change(*values)} | {goal} |"
        )


def memory_table(before: Path, after: Path, name: str, rev: str) -> None:
    """The memory after each series and the peak reached so far: the series where the two
    peaks part is where to look."""
    rows = []
    for endpoint, label, *_ in ENDPOINTS:
        memory = [read(folder, f"{name}-{endpoint}-memory") for folder in (before, after)]
        if None not in memory:
            rows.append((label, *memory))
    if not rows:
        return
    print(f"\n| après la série | mémoire, {rev} (Mo) | mémoire, après (Mo) | pic jusque-là, {rev} | pic, après |")
    print("| --- | ---: | ---: | ---: | ---: |")
    for label, was, now in rows:
        print(
            f"| {label} | {was['rss_kb'] / 1024:.0f} | {now['rss_kb'] / 1024:.0f} "
            f"| {was['peak_kb'] / 1024:.0f} | {now['peak_kb'] / 1024:.0f} |"
        )


def main() -> None:
    before, after, rev, rate = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3], sys.argv[4]
    print(
        f"\nMesuré sur la même machine, l'un après l'autre : sur SQLite {rev} d'abord, "
        "sur PostgreSQL l'arbre de travail d'abord."
    )
    print(f"Objectifs : p99 < {P99_TARGET_MS} ms à {rate} requêtes/s.")
    backend(before, after, "sqlite", "SQLite", rev, rate)
    backend(before, after, "postgresql", "PostgreSQL", rev, rate)


if __name__ == "__main__":
    main()
