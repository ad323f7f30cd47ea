"""Turns the measurements of scripts/bench (oha's JSON, one file per run) into
docs/benchmarks.md: one table per backend, the peer comparison, each target met or not."""

import json
import os
import platform
import subprocess
import sys
from datetime import date
from pathlib import Path

ENDPOINTS = [
    # name, description, request, saturation target (req/s), peer ratio target
    ("detail", "Détail par slug, toujours le même", "GET /api/v1/publications/publication-4242", 10_000, 10),
    ("detail-hasard", "Détail par slug, au hasard", "GET /api/v1/publications/publication-{10000…99999}", 10_000, 10),
    ("liste", "Liste, deux filtres, facettes", "GET /api/v1/publications?theme=…&territory=…", 2_000, 100),
    ("recherche", "Recherche plein texte, facettes", "GET /api/v1/search?q=conseil+citoyen&theme=…", 1_500, 100),
    ("recherche-hasard", "Recherche plein texte, facettes, au hasard", "GET /api/v1/search?q={2 mots parmi 20}&theme=…", 1_500, 100),
    ("agenda", "Agenda iCalendar filtré", "GET /api/v1/events.ics?territory=departement-30", None, None),
    ("openapi", "Document OpenAPI", "GET /api/openapi.json", None, None),
]
P99_TARGET_MS = 20
RSS_TARGET_MB = 200
READY_TARGET_MS = 2000


def read(folder: Path, name: str):
    path = folder / f"{name}.json"
    return json.loads(path.read_text()) if path.exists() else None


def errors(run) -> int:
    codes = run.get("statusCodeDistribution", {})
    failed = sum(n for code, n in codes.items() if not code.startswith("2"))
    # Requests still in flight when the duration ends are cut by oha itself, not failures.
    cut = {"aborted due to deadline"}
    return failed + sum(n for kind, n in run.get("errorDistribution", {}).items() if kind not in cut)


def n(value: float, decimals: int = 0) -> str:
    """A number with French thousands spacing."""
    return f"{value:,.{decimals}f}".replace(",", "\u202f")


def ms(seconds) -> str:
    return "—" if seconds is None else f"{seconds * 1000:.1f}"


def rps(run) -> float:
    """Answers (2xx) per second: a request cut short by the end of the run is not one."""
    codes = run.get("statusCodeDistribution", {})
    answered = sum(n for code, n in codes.items() if code.startswith("2"))
    return answered / run["summary"]["total"]


def verdict(ok: bool) -> str:
    return "✅" if ok else "❌ manqué"


def machine() -> str:
    cpu = "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return f"{os.cpu_count()} cœurs ({cpu}), {memory:.0f} Gio de mémoire, {platform.system()} {platform.release()}"


def backend_table(folder: Path, backend: str, rate: str, lines: list[str]) -> dict:
    server = read(folder, f"{backend}-server")
    if server is None:
        lines.append(f"\n_{backend} : non mesuré (voir la sortie de `scripts/bench`)._\n")
        return {}
    lines.append(f"\n### {'SQLite' if backend == 'sqlite' else 'PostgreSQL'}\n")
    lines.append(
        f"| requête | req/s à saturation | objectif | p50 à {rate}/s (ms) | p99 (ms) | max (ms) | erreurs | p99 < {P99_TARGET_MS} ms |"
    )
    lines.append("| --- | ---: | --- | ---: | ---: | ---: | ---: | --- |")
    figures = {}
    for name, label, request, target, _ in ENDPOINTS:
        saturation = read(folder, f"{backend}-{name}-saturation")
        fixed = read(folder, f"{backend}-{name}-rate")
        if saturation is None or fixed is None:
            continue
        throughput = rps(saturation)
        percentiles = fixed.get("latencyPercentiles", {})
        p99 = percentiles.get("p99")
        figures[name] = {"rps": throughput, "p99": p99}
        goal = "—" if target is None else f"≥ {n(target)} {verdict(throughput >= target)}"
        lines.append(
            f"| {label} — `{request}` | {n(throughput)} | {goal} | {ms(percentiles.get('p50'))} | {ms(p99)} "
            f"| {ms(fixed['summary'].get('slowest'))} | {errors(saturation) + errors(fixed)} "
            f"| {verdict(p99 is not None and p99 * 1000 < P99_TARGET_MS)} |"
        )
    peak_mb = server["peak_kb"] / 1024
    build_peak = ""
    if "build_peak_kb" in server:
        build_peak_mb = server["build_peak_kb"] / 1024
        build_peak = (
            f", avec au plus **{build_peak_mb:.0f} Mo** de mémoire résidente "
            f"({verdict(build_peak_mb < RSS_TARGET_MB)})"
        )
    lines.append(
        f"\nMémoire résidente maximale du serveur : **{peak_mb:.0f} Mo** "
        f"(objectif < {RSS_TARGET_MB} Mo : {verdict(peak_mb < RSS_TARGET_MB)}). "
        f"Prêt à servir (`/readyz`) **{server['ready_ms'] / 1000:.1f} s** après le lancement, "
        f"l'index conservé d'un démarrage précédent étant repris (objectif ≤ "
        f"{READY_TARGET_MS / 1000:.0f} s : {verdict(server['ready_ms'] <= READY_TARGET_MS)}) ; "
        f"le premier démarrage, qui construit l'index depuis la base, a pris "
        f"{server.get('build_ms', 0) / 1000:.1f} s{build_peak}."
    )
    return figures


def peer_table(folder: Path, ours: dict, rate: str, seconds: str, lines: list[str]) -> None:
    peer = read(folder, "datasette-server")
    if peer is None:
        lines.append("\n_Datasette : non mesuré._\n")
        return
    lines.append("\n### Face à Datasette (même corpus, SQLite, recherche plein texte FTS5 et facettes)\n")
    lines.append(
        f"| requête | Passerelle req/s | Datasette req/s | rapport | objectif "
        f"| p99 Passerelle à {rate}/s (ms) | Datasette p50 / p99, un client seul (ms) "
        f"| p99 égal ou meilleur |"
    )
    lines.append("| --- | ---: | ---: | ---: | --- | ---: | ---: | --- |")
    for name, label, _, _, ratio_target in ENDPOINTS:
        run = read(folder, f"datasette-{name}")
        alone = read(folder, f"datasette-{name}-seul")
        if run is None or name not in ours:
            continue
        failed = errors(run) + (errors(alone) if alone else 0)
        if failed:
            # A peer answering errors is not measured: its rate would flatter it.
            lines.append(
                f"| {label} | {n(ours[name]['rps'])} | {failed} erreur(s) | — "
                f"| ×{ratio_target} non mesuré | — | — | — |"
            )
            continue
        theirs = rps(run)
        ratio = ours[name]["rps"] / theirs if theirs > 0 else float("inf")
        their_latency = (alone or {}).get("latencyPercentiles", {})
        our_p99, their_p99 = ours[name]["p99"], their_latency.get("p99")
        latency_verdict = (
            "—"
            if our_p99 is None or their_p99 is None
            else verdict(our_p99 <= their_p99)
        )
        lines.append(
            f"| {label} | {n(ours[name]['rps'])} | {n(theirs, 1)} | ×{n(ratio)} "
            f"| ×{ratio_target} {verdict(ratio >= ratio_target)} | {ms(our_p99)} "
            f"| {ms(their_latency.get('p50'))} / {ms(their_p99)} | {latency_verdict} |"
        )
    lines.append(
        f"\nDatasette reçoit 16 connexions pendant {seconds} s ; ses réponses en cours à la fin "
        "sont attendues et comptées, une requête coupée ne compte pas. Sa latence est prise "
        "dans les conditions qui lui sont le plus favorables (un seul client, aucune requête "
        f"en attente), la nôtre sous {rate} requêtes/s."
    )
    lines.append(
        f"\nMémoire résidente maximale de Datasette : {peer['peak_kb'] / 1024:.0f} Mo. "
        f"{peer.get('note', '')}"
    )


def client_table(folder: Path, lines: list[str]) -> None:
    client = read(folder, "client")
    if client is None:
        lines.append("\n_Client web : non mesuré (Chromium ou Node.js absent)._\n")
        return
    weight = client["weight"]
    kb = lambda size: f"{n(size / 1024)} Ko"
    lines.append("\n### Client web (site public, build release)\n")
    lines.append(
        f"WASM + JS + CSS : {kb(weight['raw'])} bruts, {kb(weight['gzip'])} gzip, "
        f"**{kb(weight['brotli'])} brotli** (budget 250 Ko, vérifié par `./scripts/test`)."
    )
    lines.append("")
    lines.append("| page | premier affichage (FCP), médiane de 5 chargements à froid | mesures (ms) |")
    lines.append("| --- | ---: | --- |")
    for name, label in [("accueil", "Accueil `/`"), ("recherche", "Résultats `/recherche?q=conseils+citoyens`")]:
        paint = client["paint"].get(name)
        if paint:
            samples = ", ".join(f"{s:.0f}" for s in paint["samples_ms"])
            lines.append(f"| {label} | {paint['median_ms']:.0f} ms | {samples} |")
    lines.append(
        "\nChromium sans interface sur la même machine, serveur local (contenu initial), "
        "chaque chargement dans un contexte neuf (rien en cache)."
    )


def main() -> None:
    folder, rate, seconds, corpus, output = sys.argv[1:6]
    folder = Path(folder)
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, check=False
    ).stdout.strip()
    lines = [
        "# Mesures de charge",
        "",
        "Produit par `./scripts/bench` — ne pas modifier à la main. "
        f"Mesuré le {date.today():%d/%m/%Y} (commit `{commit}`) sur : {machine()} ; "
        "le générateur de charge (oha, boucle ouverte) tourne sur la même machine, comme "
        "PostgreSQL (joint sur la boucle locale, sans TLS).",
        "",
        f"Corpus synthétique reproductible (`passerelle-bench`, graine 2019) : "
        f"{corpus or '100 000 publications, 20 000 événements, 10 000 membres'}. "
        f"Débit : 64 connexions pendant {seconds} s. Latences : {rate} requêtes/s imposées "
        f"pendant {seconds} s, corrigées de l'omission coordonnée.",
        "",
        "Le serveur garde en mémoire les derniers détails, calendriers et pages de résultats "
        "de recherche servis, et les correspondances de chaque mot des dernières recherches "
        "(16 Mo), jusqu'au prochain changement du contenu : « toujours le même » mesure ce "
        "cas, « au hasard » le reste (une fiche tirée uniformément parmi 90 000 à chaque "
        "requête, 500 gardées ; deux mots tirés parmi 20, soit 400 requêtes différentes dont 64 pages "
        "gardées, et dont les mots, eux, restent gardés après leur premier passage : la "
        "mesure est surtout celle d'une requête nouvelle faite de mots déjà cherchés, le cas "
        "courant). Une réponse de moins de 12 Ko part telle quelle à sa première demande "
        "et compressée dès la deuxième (elle tient de toute façon dans le premier aller-"
        "retour TCP) : le détail au hasard mesure donc surtout des réponses non compressées.",
    ]
    ours = backend_table(folder, "sqlite", rate, lines)
    backend_table(folder, "postgresql", rate, lines)
    peer_table(folder, ours, rate, seconds, lines)
    client_table(folder, lines)
    Path(output).write_text("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
