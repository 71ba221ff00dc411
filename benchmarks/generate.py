"""Generate a synthetic claim map of N nodes, its source text, and the same graph in Argdown.

Usage::

    python benchmarks/generate.py N OUTDIR [--seed SEED]

writes ``OUTDIR/source-N.txt``, ``OUTDIR/map-N.yaml`` and ``OUTDIR/map-N.argdown``.
The output depends only on N and the seed: the same arguments always give the
same bytes, so benchmark runs on different machines read the same files.

The source is N distinct sentences of plausible English, made from word lists,
in paragraphs of a few sentences (one paragraph a line, a blank line between
paragraphs, as in a plain-text article). Some sentences carry curly quotes,
no-break spaces and em dashes, so that quote matching has typography to fold.

The map has N nodes, about half claims and half evidence; node *i* quotes one
sentence of its own (every sentence is quoted exactly once). The supports form
a tree: a few thesis claims are the roots and every other node supports one
earlier claim. About 5% of the nodes also attack a claim that is not among the
claims they support, directly or indirectly, so attacks never pair with a
support and cannot close a support cycle. Some nodes carry tags, a few are
attributed to an agent. The source is pinned by its sha256, so
``argmap validate`` must report no problem at all on a generated map.

The Argdown file states the same nodes (``[id]: text #tags``) with the same
relations written as outgoing relations under each statement (``+> [target]``
for supports, ``-> [target]`` for attacks), so that Argdown parses the same
graph argmap validates.

Why every quote stands exactly once: every sentence starts with a capitalised
word from a fixed set of openers that never occurs, capitalised, anywhere else
in a sentence, and every sentence has exactly one full stop, at its end. So a
quoted sentence can only match at the start of a sentence, and only that whole
sentence; sentences are distinct after folding typography, so each quote
matches once. The generator checks the distinctness; ``argmap validate`` checks
the rest.
"""

from __future__ import annotations

import argparse
import hashlib
import random
import sys
from dataclasses import dataclass, field
from pathlib import Path

#: Bump when the output of the generator changes, so that cached files are made anew.
GENERATOR_VERSION = "1"
DEFAULT_SEED = 20151116

NBSP = "\u00a0"
EM_DASH = "\u2014"
LEFT_DQ, RIGHT_DQ, APOSTROPHE = "\u201c", "\u201d", "\u2019"

# --- word lists ------------------------------------------------------------------------------
# Sentence-initial words (the first word of every opener and capitalised subject) never
# appear capitalised inside a sentence; proper nouns used inside sentences never start one.

OPENERS = [
    "In practice,", "Yet", "Meanwhile,", "Even so,", "At the same time,", "As a result,",
    "On balance,", "For years", "Within months", "Until recently", "Last year", "Two years later",
    "By the end of the decade", "Under pressure from donors,", "After the elections,",
    "Despite the protests,", "During the crisis,", "Soon afterwards", "Predictably,", "Remarkably,",
    "Unsurprisingly,", "Once again", "Only later", "Behind closed doors", "Before the vote,",
]
REPORTING = [
    "Critics argued that", "Supporters claimed that", "Officials insisted that",
    "Most observers agree that", "There is little doubt that", "The evidence suggests that",
    "Few expected that", "Official figures show that", "Independent auditors found that",
    "Diplomats privately conceded that", "Local reporters noted that", "Economists warned that",
    "It is now clear that", "Witnesses said that", "Internal memos reveal that",
    "Opinion polls suggested that", "Nobody disputes that", "Historians will note that",
]
SUBJECTS = [
    "the government", "the regional council", "the central bank", "the opposition", "the ministry",
    "local officials", "the army", "the coalition", "foreign donors", "the courts",
    "the new administration", "the trade unions", "rural voters", "the city" + APOSTROPHE + "s mayor",
    "the health service", "the police", "many farmers", "small businesses", "the press",
    "the electoral commission", "the prime minister", "the finance minister", "aid agencies",
    "the rebels", "the provincial governors", "the budget office", "the national assembly",
    "the employers" + APOSTROPHE + " federation", "the refugee agency", "the customs service",
    "the water authority", "the port operators", "the teachers" + APOSTROPHE + " union",
    "the state railway", "the energy regulator", "the security services", "the senate",
    "the central planners", "the mining companies", "the district courts",
]
VERBS = [
    "approved", "rejected", "delayed", "expanded", "cut", "doubled", "abandoned", "defended",
    "questioned", "announced", "blocked", "financed", "reviewed", "ignored", "welcomed",
    "resisted", "revised", "postponed", "tightened", "relaxed", "renegotiated", "extended",
    "suspended", "endorsed", "challenged", "quietly dropped", "publicly backed", "redesigned",
]
ADJECTIVES = [
    "new", "controversial", "long-awaited", "temporary", "costly", "modest", "sweeping",
    "national", "emergency", "annual", "ambitious", "limited", "regional", "secret", "popular",
    "disputed", "fragile", "generous", "unpopular", "provisional", "revised", "five-year",
]
NOUNS = [
    "budget", "reform", "tax", "ceasefire", "treaty", "subsidy", "plan", "inquiry", "law",
    "programme", "agreement", "loan", "curfew", "tariff", "pension scheme", "housing policy",
    "election timetable", "security pact", "water project", "trade deal", "grain quota",
    "fuel levy", "border regime", "census", "debt settlement",
]
COMPLEMENTS = [
    "", "", "", " for rural schools", " for small farmers", " on imported steel",
    " for displaced families", " for the northern provinces", " on foreign banks",
    " for public hospitals", " on river shipping", " for the coastal towns", " on diesel",
    " for young workers", " for the mining districts", " on private clinics",
]
CITIES = ["Ankara", "Lagos", "Lima", "Hanoi", "Tunis", "Quito", "Dhaka", "Accra", "Kiev", "Manila", "Rabat", "Sofia"]
MONTHS = ["January", "February", "April", "June", "July", "September", "October", "November", "December"]
REASONS = [
    "the money had run out", "the courts had intervened", "the donors had lost patience",
    "prices kept rising", "the harvest had failed", "nobody trusted the figures",
    "the coalition was divided", "the border had closed", "the unions threatened a strike",
    "the rains came late", "the census was disputed", "the ports were congested",
]
CONSEQUENCES = [
    "which pushed up prices in the cities", "which left thousands without work",
    "which angered the provincial governors", "which nobody had predicted",
    "which delayed the next round of talks", "which split the ruling party",
    "which weakened the currency", "which emptied the grain stores",
    "which drew crowds into the streets", "which pleased the foreign lenders",
]
ASIDES = [
    "against the advice of its own experts", "after months of quarrelling",
    "to the surprise of most analysts", "with little public debate",
    "for the second time in a decade", "under heavy international pressure",
    "in a late-night session", "without consulting the provinces",
]
SCARE_WORDS = ["reform", "temporary", "voluntary", "modernisation", "stability", "efficiency", "consultation"]
UNITS = ["villages", "schools", "families", "districts", "clinics", "farms", "workers"]
NUMBER_WORDS = ["two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "twelve", "fifteen", "twenty"]

TAGS = [
    "economy", "security", "budget", "courts", "health", "education", "elections", "trade",
    "energy", "housing", "diplomacy", "labour", "media", "agriculture", "migration", "environment",
]
CLAIM_KINDS = ["fact", "interpretation", "causal", "prediction", "evaluation", "normative", "policy"]
EVIDENCE_KINDS = ["event", "statistic", "statement", "example", "report", "observation"]
AGENTS = {
    "government": ("the government", "government"),
    "opposition": ("the opposition", "group"),
    "auditors": ("independent auditors", "organisation"),
    "press": ("the local press", "media"),
}


def fold_key(sentence: str) -> str:
    """The sentence with typography folded as argmap folds quotes (enough to compare ours)."""
    return (
        sentence.replace(NBSP, " ").replace(EM_DASH, "-").replace(LEFT_DQ, '"').replace(RIGHT_DQ, '"').replace(APOSTROPHE, "'")
    )


@dataclass
class Sentence:
    text: str  # as it stands in the source
    summary: str  # the node's text: the gist in plain words


def _number(rng: random.Random) -> str:
    if rng.random() < 0.5:
        return rng.choice(NUMBER_WORDS)
    return str(rng.randint(3, 950))


def _object(rng: random.Random) -> str:
    noun = rng.choice(NOUNS)
    if rng.random() < 0.12:  # a scare-quoted word, in curly quotes
        return f"the {LEFT_DQ}{rng.choice(SCARE_WORDS)}{RIGHT_DQ} {noun}{rng.choice(COMPLEMENTS)}"
    adjective = rng.choice(ADJECTIVES)
    article = rng.choice(["the", "its", "an" if adjective[0] in "aeiou" else "a"])
    return f"{article} {adjective} {noun}{rng.choice(COMPLEMENTS)}"


def _tail(rng: random.Random) -> str:
    roll = rng.random()
    if roll < 0.18:
        return f" in {rng.choice(MONTHS)} {rng.randint(1990, 2024)}"
    if roll < 0.30:
        return f" in {rng.choice(CITIES)}"
    if roll < 0.44:
        return f" because {rng.choice(REASONS)}"
    if roll < 0.56:
        return f", {rng.choice(CONSEQUENCES)}"
    # Numbers with a no-break space before their unit, as typesetters write them.
    if roll < 0.62:
        return f" worth {_number(rng)}{NBSP}million dollars"
    if roll < 0.68:
        return f", affecting {_number(rng)}{NBSP}{rng.choice(UNITS)}"
    if roll < 0.76:
        return f" after {rng.choice(NUMBER_WORDS)} months of talks in {rng.choice(CITIES)}"
    return ""


def make_sentence(rng: random.Random) -> Sentence:
    subject = rng.choice(SUBJECTS)
    verb = rng.choice(VERBS)
    obj = _object(rng)
    gist = f"{subject} {verb} {obj}"
    core = gist
    if rng.random() < 0.10:  # an aside between em dashes, closed up or spaced
        aside = rng.choice(ASIDES)
        if rng.random() < 0.67:
            core = f"{subject}{EM_DASH}{aside}{EM_DASH}{verb} {obj}"
        else:
            core = f"{subject} {EM_DASH} {aside} {EM_DASH} {verb} {obj}"
    roll = rng.random()
    if roll < 0.35:
        body = f"{rng.choice(REPORTING)} {core}"
    elif roll < 0.80 or not core.startswith("the "):
        body = f"{rng.choice(OPENERS)} {core}"
    else:
        body = "T" + core[1:]  # "The ..." starts the sentence itself
    text = body + _tail(rng) + "."
    summary = gist[0].upper() + gist[1:] + "."
    return Sentence(text, summary)


def make_sentences(n: int, rng: random.Random) -> list[Sentence]:
    sentences: list[Sentence] = []
    seen: set[str] = set()
    while len(sentences) < n:
        sentence = make_sentence(rng)
        key = fold_key(sentence.text)
        if key in seen:
            continue
        seen.add(key)
        sentences.append(sentence)
    return sentences


# --- the graph ---------------------------------------------------------------------------------


@dataclass
class Node:
    id: str
    type: str  # "claim" or "evidence"
    sentence: Sentence
    kind: str
    supports: list[str] = field(default_factory=list)
    attacks: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    thesis: bool = False
    asserted_by: str | None = None
    straight_quote: bool = False  # quote typed with straight quotes and plain spaces


def _slug(text: str) -> str:
    words = [w for w in "".join(c if c.isascii() and c.isalnum() else " " for c in text.lower()).split() if len(w) > 3]
    return "-".join(words[:2]) or "node"


def make_graph(n: int, rng: random.Random) -> list[Node]:
    if n < 2:
        raise ValueError("a map needs at least 2 nodes (a thesis and a node that supports it)")
    sentences = make_sentences(n, rng)
    roots = min(3, max(1, n // 10))
    nodes: list[Node] = []
    parent: list[int] = []
    claims: list[int] = []  # indexes of claim nodes so far
    for i in range(n):
        sentence = sentences[i]
        is_claim = i < roots or rng.random() < 0.5
        node_type = "claim" if is_claim else "evidence"
        node = Node(
            id=f"{_slug(sentence.summary)}-{i + 1}",
            type=node_type,
            sentence=sentence,
            kind=rng.choice(CLAIM_KINDS if is_claim else EVIDENCE_KINDS),
        )
        if i < roots:
            node.thesis = True
            parent.append(-1)
        else:
            # Each thesis gets a supporter first; then any earlier claim can be supported.
            target = i - roots if i < 2 * roots else rng.choice(claims)
            node.supports.append(nodes[target].id)
            parent.append(target)
        if rng.random() < 0.3:
            node.tags = sorted(rng.sample(TAGS, rng.choice([1, 1, 2])))
        if is_claim and i >= roots and rng.random() < 0.1:
            node.asserted_by = rng.choice(sorted(AGENTS))
        node.straight_quote = rng.random() < 0.2
        nodes.append(node)
        if is_claim:
            claims.append(i)
    # Attacks: about 5% of the nodes attack a claim that is neither themselves nor one they
    # support, directly or through other claims.
    for i in range(roots, n):
        if rng.random() >= 0.05 or len(claims) < 2:
            continue
        ancestors = set()
        at = i
        while at != -1:
            ancestors.add(at)
            at = parent[at]
        for _attempt in range(8):
            target = rng.choice(claims)
            if target not in ancestors:
                nodes[i].attacks.append(nodes[target].id)
                break
    return nodes


# --- writing -----------------------------------------------------------------------------------


def write_source(sentences: list[Sentence], rng: random.Random) -> str:
    paragraphs: list[str] = []
    at = 0
    while at < len(sentences):
        size = rng.randint(2, 6)
        paragraphs.append(" ".join(s.text for s in sentences[at : at + size]))
        at += size
    return "\n\n".join(paragraphs) + "\n"


def _yaml_str(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def write_map(n: int, nodes: list[Node], source_name: str, source_sha: str) -> str:
    out = [
        "argmap: 1",
        f"title: Synthetic map of {n} nodes",
        "description: >-",
        "  A generated map for benchmarks: every node quotes one sentence of the synthetic",
        "  source; supports form a tree under a few theses, and about 5% of nodes attack.",
        "sources:",
        "  synthetic:",
        f"    path: {source_name}",
        f"    sha256: {source_sha}",
        "    title: A synthetic chronicle",
        "    author: benchmarks/generate.py",
        "",
        "agents:",
    ]
    for agent_id, (name, agent_type) in sorted(AGENTS.items()):
        out += [f"  {agent_id}:", f"    name: {name}", f"    type: {agent_type}"]
    for section, node_type in (("claims", "claim"), ("evidence", "evidence")):
        out += ["", f"{section}:"]
        for node in nodes:
            if node.type != node_type:
                continue
            quote = fold_key(node.sentence.text) if node.straight_quote else node.sentence.text
            out += ["", f"  {node.id}:", f"    text: {_yaml_str(node.sentence.summary)}", f"    kind: {node.kind}"]
            if node.asserted_by:
                out.append(f"    asserted_by: {node.asserted_by}")
            out.append(f"    quote: {_yaml_str(quote)}")
            if node.supports:
                out.append(f"    supports: [{', '.join(node.supports)}]")
            if node.attacks:
                out.append(f"    attacks: [{', '.join(node.attacks)}]")
            if node.tags:
                out.append(f"    tags: [{', '.join(node.tags)}]")
            if node.thesis:
                out.append("    thesis: true")
    return "\n".join(out) + "\n"


def write_argdown(n: int, nodes: list[Node]) -> str:
    # A comment, not a heading: a heading would make a section, drawn as a cluster.
    out = [f"// Synthetic map of {n} nodes, the same graph as map-{n}.yaml", ""]
    for node in nodes:
        tags = "".join(f" #{tag}" for tag in node.tags)
        out.append(f"[{node.id}]: {node.sentence.summary}{tags}")
        out.extend(f"  +> [{target}]" for target in node.supports)
        out.extend(f"  -> [{target}]" for target in node.attacks)
        out.append("")
    return "\n".join(out)


def generate(n: int, outdir: Path, seed: int = DEFAULT_SEED) -> dict[str, Path]:
    """Write the three files for N nodes into ``outdir``; return their paths."""
    rng = random.Random(f"{seed}:{n}")
    nodes = make_graph(n, rng)
    sentences = _source_order(nodes, rng)
    source = write_source(sentences, rng).encode("utf-8")
    outdir.mkdir(parents=True, exist_ok=True)
    paths = {
        "source": outdir / f"source-{n}.txt",
        "map": outdir / f"map-{n}.yaml",
        "argdown": outdir / f"map-{n}.argdown",
    }
    paths["source"].write_bytes(source)
    sha = hashlib.sha256(source).hexdigest()
    paths["map"].write_text(write_map(n, nodes, paths["source"].name, sha), encoding="utf-8")
    paths["argdown"].write_text(write_argdown(n, nodes), encoding="utf-8")
    return paths


def _source_order(nodes: list[Node], rng: random.Random) -> list[Sentence]:
    """The sentences in the order the source tells them: a shuffle of the nodes' order,
    so that the quotes of neighbouring nodes stand all over the source."""
    sentences = [node.sentence for node in nodes]
    rng.shuffle(sentences)
    return sentences


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("n", type=int, metavar="N", help="number of nodes (and of source sentences), at least 2")
    parser.add_argument("outdir", type=Path, metavar="OUTDIR", help="folder for source-N.txt, map-N.yaml, map-N.argdown")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help=f"random seed (default {DEFAULT_SEED})")
    args = parser.parse_args(argv)
    if args.n < 2:
        parser.error("N must be at least 2")
    paths = generate(args.n, args.outdir, args.seed)
    for path in paths.values():
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
