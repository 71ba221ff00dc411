"""The map format, declared once.

Every section and field of a map file is declared here: its name, its type,
its default, what it means and an example. Everything else about the format is
derived from this table:

- the records argmap works with, and the builder that checks a well-formed map
  without pydantic (argmap/records.py);
- the pydantic models that explain every problem of a malformed map, and from
  them the JSON Schema (argmap/model.py, ``argmap schema``,
  ``schema/argmap.schema.json``);
- the field tables of ``docs/format.md`` (:func:`field_table`).

Adding an optional field is one :class:`Field` line here plus its docs text;
tests fail while the committed schema, the docs tables or the generated
builders (argmap/builders.py, committed so that they load compiled) are stale:
``python -m argmap.derive`` rewrites all three.

This module imports nothing heavy: the CLI and the fast path read it at start-up.
"""

from __future__ import annotations

from enum import Enum
from typing import Any, NamedTuple

from .kinds import AgentType, ClaimKind, EvidenceKind, Label

#: Ids are slugs so that they are safe in file names, DOT, SVG, HTML and URLs.
SLUG_PATTERN = r"^[A-Za-z0-9_][A-Za-z0-9_.-]*$"
MAX_ID = 200
MAX_TAG = 100
#: A relation reference: an argument's id, or the words of a node's relation (`a supports b`,
#: `u undercuts a supports b`). The graph checks what it names.
REFERENCE_PATTERN = r"^\s*[A-Za-z0-9_][A-Za-z0-9_.-]*(\s+(supports|attacks|undercuts)\s+[A-Za-z0-9_][A-Za-z0-9_.-]*)*\s*$"
MAX_REFERENCE = 2000
#: A range of lines of a source, 1-based and inclusive: `12` or `1-12`.
LINE_RANGE_PATTERN = r"^\s*([1-9][0-9]*)\s*(?:-\s*([1-9][0-9]*)\s*)?$"


class ValueType(Enum):
    """The types a field may have. records.py and model.py each say how to check one."""

    VERSION = "the whole number `1`"
    TEXT = "text, not empty"
    OPTIONAL_TEXT = "text"
    DATE_TEXT = "text"  # a date YAML reads as a date stays text, as written
    ID = "id"
    OPTIONAL_ID = "id"
    IDS = "id, or list of ids"
    TAGS = "tag, or list of tags"
    QUOTES = "text, or a list of texts"
    REFERENCE = "relation reference"
    REFERENCES = "relation reference, or list of them"
    FLAG = "`true` or `false`"
    SHA256 = "64 hexadecimal digits"
    OCCURRENCE = "whole number, 1 or more"
    CHOICE = "one of the values listed"
    CITATIONS = "list of citations"
    SECTION = "mapping of ids to entries"
    LINES = "line range (`1-12`), or a list of them"
    PERCENT = "number from 0 to 100"


REQUIRED: Any = ...


class Field(NamedTuple):
    """One key of a section entry (or of the map itself)."""

    name: str
    type: ValueType
    #: What the field means: one line, used as the JSON Schema description.
    description: str
    default: Any = None
    #: For CHOICE: the enumeration; for SECTION and CITATIONS: the entry's record name.
    of: Any = None
    #: The docs table's "Meaning" cell when it says more than the description (Markdown).
    docs: str | None = None
    #: The docs table's "Type" cell when the type's words are not enough (Markdown).
    docs_type: str | None = None
    example: Any = None

    @property
    def required(self) -> bool:
        return self.default is REQUIRED

    @property
    def default_value(self) -> Any:
        """The value a record holds when the key is left out (a fresh list for list types)."""
        if self.type in _LIST_TYPES:
            return []
        if self.type is ValueType.SECTION:
            return {}
        return self.default


_LIST_TYPES = {ValueType.IDS, ValueType.TAGS, ValueType.QUOTES, ValueType.REFERENCES, ValueType.CITATIONS, ValueType.LINES}


class Record(NamedTuple):
    """One kind of entry: a source, an agent, a claim..., or the map itself."""

    name: str
    doc: str
    fields: tuple[Field, ...]

    def field_named(self, name: str) -> Field:
        return next(f for f in self.fields if f.name == name)

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.fields)


F, T = Field, ValueType

SOURCE = Record(
    "Source",
    "A document that nodes quote from.",
    (
        F("path", T.TEXT, "Path of the source file, relative to the map file.", REQUIRED, example="../seeds/from-mumbai-to-paris.txt",
          docs="The source file. A relative path is relative to the **folder of the map file**, not to where you run argmap (so a map in `maps/` reaches `seeds/` as `../seeds/…`). An absolute path is used as it is."),
        F("sha256", T.SHA256, "Pin of the file's bytes; a mismatch is an error.", example="fbf081339b48ddebc9fa3586e27fbf659b715718f30ccccd001b445009a800c6",
          docs="Pins the exact bytes of the file. When the file no longer has this digest, validation fails ([AM402](problems.md#am402-source-hash-mismatch)). Upper or lower case; kept in lower case. `argmap pin MAP` writes or updates it for you."),
        F("title", T.OPTIONAL_TEXT, "Title of the document.", example="From Mumbai to Paris"),
        F("author", T.OPTIONAL_TEXT, "Author(s).", example="Ahmed Rashid"),
        F("published", T.DATE_TEXT, "Publication date, e.g. 2015-11-16.", example="2015-11-16",
          docs="Publication date, kept exactly as written ([dates stay text](#single-values-empty-values-and-yaml-types))."),
        F("publisher", T.OPTIONAL_TEXT, "Publisher or outlet.", example="The New York Review of Books"),
        F("url", T.OPTIONAL_TEXT, "Where the document was published.", example="https://www.nybooks.com/daily/2015/11/16/paris-attacks-isis-strategy-chaos/", docs="Where the document was published. Informational only: argmap never fetches it."),
        F("front_matter", T.LINES, "Lines that are not the text proper (title page, licence, notes); coverage leaves them out.", example=["1-11"],
          docs="Lines of the source that are not the text itself (a title page, a licence, a table of contents, notes at the end), as `FIRST-LAST` (1-based, both included) or one line number, or a list of them. [`argmap coverage`](#coverage) leaves their sentences out; quotes from them still anchor."),
        F("coverage_min", T.PERCENT, "The coverage `argmap coverage --min` requires of this source, in percent.", example=80,
          docs="The share of this source's sentences (in percent) the map must cite for `argmap coverage --min` to pass; overrides the command's default for this source ([Coverage](#coverage))."),
    ),
)

AGENT = Record(
    "Agent",
    'Someone a node\'s statement is attributed to (an author, a government, "common belief").',
    (
        F("name", T.TEXT, "The name shown in renders and exported.", REQUIRED, example="David Cameron",
          docs='The name shown in renders ("according to David Cameron") and exported.'),
        F("type", T.CHOICE, "What sort of agent it is.", of=AgentType, docs_type="one of the agent types below", example="person"),
        F("note", T.OPTIONAL_TEXT, "Your remark.", docs="Your remark. Not drawn and not exported.", example="Prime Minister of the United Kingdom in 2015."),
    ),
)

CITATION = Record(
    "Citation",
    "One cited passage, with optional context to tell apart repeated text (as in the W3C Web Annotation TextQuoteSelector).",
    (
        F("quote", T.TEXT, "Verbatim passage of the source.", REQUIRED, docs="The verbatim passage.", example="And then there was Paris."),
        F("source", T.OPTIONAL_ID, "Source id; defaults to the node's source.", docs_type="source id", docs="The source this passage comes from. Default: the node's source.", example="rashid-2015"),
        F("prefix", T.OPTIONAL_TEXT, "Text just before the passage, to pick one of several occurrences.", docs="Text that stands just before the passage.", example="There were bombings in Baghdad."),
        F("suffix", T.OPTIONAL_TEXT, "Text just after the passage.", docs="Text that stands just after the passage.", example="In fact none of these targets"),
        F("occurrence", T.OCCURRENCE, "Which occurrence (1-based) when the passage stands several times.", example=2,
          docs="Which of the (remaining) occurrences, counted from 1 in reading order."),
    ),
)

# Fields every node has, claims and evidence alike, in this order.
_NODE_FIELDS = (
    F("text", T.TEXT, "The statement in the mapper's words.", REQUIRED, example="The targets were not random.", docs="The statement in your words, short enough for a diagram box."),
    F("quote", T.QUOTES, "Verbatim passage(s) of the source.", example="In fact none of these targets is random.",
      docs="The verbatim passage(s) of the source that state it. Each must stand [exactly once](#a-quote-must-stand-exactly-once) in the node's source. A node with several quotes (e.g. two sentences that together make the point) lists them."),
    F("source", T.OPTIONAL_ID, "Source id; may be left out when the map has one source or a `default_source`.", example="rashid-2015", docs_type="source id",
      docs="Which source `quote` (and any citation without its own `source`) comes from. Default: the map's `default_source`, or its only source. Required on a quoted node when the map declares several sources and no `default_source` ([AM203](problems.md#am203-source-required))."),
    F("supports", T.IDS, "Ids of the nodes this node supports.", example=["isis-wars-on-coalition"], docs_type="node id, or list of node ids",
      docs="The nodes this node gives reason to accept, each on its own (convergent support). Premises that support only together are an [argument](#arguments-linked-premises)."),
    F("attacks", T.IDS, "Ids of the nodes this node attacks.", example=["reaction-to-west"], docs_type="node id, or list of node ids", docs="The nodes this node gives reason to reject or doubt."),
    F("undercuts", T.REFERENCES, "Relations whose inference this node attacks.", example=["europe-prepared supports security-suffices"], docs_type="[relation reference](#undercuts), or list of them",
      docs="The inferences this node denies, rather than their conclusions: `a supports b` (a node's relation) or an argument's id. See [Undercuts](#undercuts)."),
    F("tags", T.TAGS, "Free labels for grouping and filtering.", example=["strategy", "paris"],
      docs="Free labels for grouping and filtering (`argmap render --tag`, `--cluster-by tag`). Same rules as ids, at most 100 characters."),
    F("note", T.OPTIONAL_TEXT, "The analyst's remark; not part of the argument.", example="Rashid infers the motive from the choice of targets.",
      docs="Your remark as analyst: context, caveats, why you read it so. Not part of the argument; shown in tooltips and exported."),
    F("implicit", T.FLAG, "A reconstructed premise the text implies but does not state.", False, example=True,
      docs="A premise you reconstructed: the text relies on it but does not state it. An implicit node needs no quote and should have none ([AM406](problems.md#am406-implicit-with-quote)); every other node needs one ([AM405](problems.md#am405-quote-missing)). Drawn with a dashed border."),
    F("cites", T.CITATIONS, "Further passages, each with its own source and context.", example=[{"quote": "And then there was Paris.", "source": "rashid-2015"}], of="Citation", docs_type="list of [citations](#citations-cites)",
      docs="Further passages, each with its own source and optional context to pick one of several occurrences."),
    F("asserted_by", T.OPTIONAL_ID, "Agent id: who asserts this; leave out for the author's own claims.", example="cameron", docs_type="agent id",
      docs="Who asserts the statement, when it is not the author."),
    F("group", T.OPTIONAL_TEXT, "A section of the map; `argmap render --cluster-by group` draws each as a box.", example="Paris, 13 November",
      docs="A section of the map (any text, e.g. `Paris, 13 November`). `argmap render --cluster-by group` draws each group as a box. Not exported."),
    F("expect", T.CHOICE, "The label `argmap evaluate` must give this node; `argmap check` fails otherwise.", example="accepted", of=Label,
      docs_type="`accepted`, `rejected` or `undecided`",
      docs="What the map expects [evaluation](evaluation.md) to conclude about this node, e.g. that a thesis stands (`expect: accepted`). When the label differs, validation fails ([AM601](problems.md#am601-expectation-failed))."),
    F("suppress", T.QUOTES, "Problems not to report on this entry, each as `CODE: reason`.", example=["AM303: the closing remark stands alone on purpose"], docs_type="`CODE: reason`, or a list of them",
      docs="Problems argmap should not report on this entry, each written `CODE: reason` (the reason is required). `--show-suppressed` lists what was hidden; a suppression that hides nothing is reported ([AM011](problems.md#am011-suppression-unused)). See [Suppressing a problem](ci.md#suppressing-a-problem)."),
)

CLAIM = Record(
    "Claim",
    "A statement of the argument.",
    (
        *_NODE_FIELDS,
        F("kind", T.CHOICE, "What sort of statement it is.", example="interpretation", of=ClaimKind, docs_type="a [claim kind](#claim-kinds) or an [evidence kind](#evidence-kinds)",
          docs="What sort of statement or evidence it is. Shown in the node's badge."),
        F("thesis", T.FLAG, "Marks a main thesis of the text.", False, example=True, docs_type="`true` or `false` (claims only)",
          docs="Marks a main thesis of the text. On a piece of evidence it is an unknown key ([AM106](problems.md#am106-unknown-key)). See [The thesis](#the-thesis)."),
    ),
)

EVIDENCE = Record(
    "Evidence",
    "An event, figure, statement or other material offered in support.",
    (*_NODE_FIELDS, F("kind", T.CHOICE, "What sort of evidence it is.", example="event", of=EvidenceKind)),
)

ARGUMENT = Record(
    "Argument",
    "Premises that support (or attack, or undercut) only together: one inference with several premises.",
    (
        F("premises", T.IDS, "Ids of the nodes that together draw the conclusion.", REQUIRED, example=["ankara-bombing", "turkey-airbases"], docs_type="list of node ids",
          docs="The nodes that bear on the target only together (linked premises); two or more ([AM311](problems.md#am311-argument-one-premise))."),
        F("supports", T.OPTIONAL_ID, "The node the premises together support.", example="targets-not-random", docs_type="node id",
          docs="The conclusion the premises together support. Exactly one of `supports`, `attacks` and `undercuts` ([AM312](problems.md#am312-argument-target))."),
        F("attacks", T.OPTIONAL_ID, "The node the premises together attack.", example="reaction-to-west", docs_type="node id", docs="The node the premises together attack."),
        F("undercuts", T.REFERENCE, "The relation whose inference the premises together deny.", example="europe-prepared supports security-suffices", docs_type="[relation reference](#undercuts)",
          docs="The inference the premises together deny: `a supports b` or another argument's id."),
        F("text", T.OPTIONAL_TEXT, "The inference in the mapper's words.", example="Turkey was bombed as it opened its airbases to strikes on ISIS.", docs="The inference in your words (\"if men were angels, no government would be necessary\"). Drawn at the junction."),
        F("scheme", T.OPTIONAL_TEXT, "The argumentation scheme, e.g. `argument from consequences`.", example="argument from consequences",
          docs="The name of the argumentation scheme, if you use one (`argument from expert opinion`, `practical reasoning`). Free text; shown at the junction and exported."),
        F("quote", T.QUOTES, "Verbatim passage(s) that state the inference.", example="What they show is that ISIS is now determined to launch attacks against those states that are waging war against it.",
          docs="The passage that states the inference itself, often a sentence with *therefore* or *so*. Optional; anchored like a node's quote."),
        F("source", T.OPTIONAL_ID, "Source id of the quote.", example="rashid-2015", docs_type="source id", docs="Which source `quote` comes from. Default: the map's `default_source`, or its only source."),
        F("cites", T.CITATIONS, "Further passages, each with its own source and context.", example=[{"quote": "And then there was Paris.", "source": "rashid-2015"}], of="Citation", docs_type="list of [citations](#citations-cites)"),
        F("tags", T.TAGS, "Free labels.", example=["strategy"], docs="Free labels, as on nodes."),
        F("note", T.OPTIONAL_TEXT, "The analyst's remark.", example="The inference the article draws from the list of targets.", docs="Your remark; shown in the details panel and exported."),
        F("expect", T.CHOICE, "The label `argmap evaluate` must give this inference.", example="accepted", of=Label, docs_type="`accepted`, `rejected` or `undecided`",
          docs="What the map expects evaluation to conclude about the inference ([AM601](problems.md#am601-expectation-failed))."),
    F("suppress", T.QUOTES, "Problems not to report on this argument, each as `CODE: reason`.", example=["AM303: the closing remark stands alone on purpose"], docs_type="`CODE: reason`, or a list of them",
      docs="Problems argmap should not report on this argument, each written `CODE: reason` (the reason is required). `--show-suppressed` lists what was hidden; a suppression that hides nothing is reported ([AM011](problems.md#am011-suppression-unused)). See [Suppressing a problem](ci.md#suppressing-a-problem)."),
    ),
)

MAP = Record(
    "ArgMap",
    "A whole map file.",
    (
        F("argmap", T.VERSION, "Format version.", REQUIRED, example=1,
          docs="Format version. Only `1` exists. `argmap: \"1\"` (text) or `argmap: true` is refused ([AM103](problems.md#am103-unsupported-version))."),
        F("title", T.TEXT, "Title of the map.", REQUIRED, example="From Mumbai to Paris", docs="Title of the map, shown at the top of every render."),
        F("description", T.OPTIONAL_TEXT, "What the map covers.", example="The argument of Ahmed Rashid's article on the Paris attacks of 13 November 2015.", docs="What the map covers. Exported, not drawn."),
        F("sources", T.SECTION, "The documents that nodes quote.", example={"rashid-2015": {"path": "../seeds/from-mumbai-to-paris.txt"}}, of="Source", docs_type="mapping of [source id](#ids-and-tags) → [source](#sources)"),
        F("default_source", T.OPTIONAL_ID, "Source id that quotes come from when a node or argument names none.", example="federalist-51", docs_type="source id",
          docs="The source that a quote comes from when its node, argument or citation names none. Default: the map's only source. With several sources, name the one most quotes come from and write `source:` only on the others ([Several sources](#several-sources)); an id that is not declared is an error ([AM202](problems.md#am202-unknown-source))."),
        F("agents", T.SECTION, "Who asserts what: referred to by `asserted_by`.", example={"cameron": {"name": "David Cameron", "type": "person"}}, of="Agent", docs_type="mapping of agent id → [agent](#agents)",
          docs="People and bodies to whom statements are attributed (`asserted_by`)."),
        F("claims", T.SECTION, "The statements of the argument.", example={"targets-not-random": {"text": "The targets were not random.", "quote": "In fact none of these targets is random."}}, of="Claim", docs_type="mapping of node id → [claim](#nodes-claims-and-evidence)"),
        F("evidence", T.SECTION, "Events, figures, statements and other material offered in support.", example={"ankara-bombing": {"text": "A bombing in Ankara killed 102 people.", "kind": "event", "quote": "In October a bombing in Ankara that killed 102 people was blamed on ISIS by the Turkish government."}}, of="Evidence",
          docs_type="mapping of node id → [evidence](#nodes-claims-and-evidence)"),
        F("arguments", T.SECTION, "Linked premises: inferences whose premises bear on their target only together.", example={"turkey-targeted": {"premises": ["ankara-bombing", "turkey-airbases"], "supports": "targets-not-random"}}, of="Argument",
          docs_type="mapping of argument id → [argument](#arguments-linked-premises)"),
    ),
)

#: Every record, entries before the map that holds them.
RECORDS: dict[str, Record] = {r.name: r for r in (SOURCE, AGENT, CITATION, CLAIM, EVIDENCE, ARGUMENT, MAP)}
#: The map's sections and the record of their entries.
SECTIONS: dict[str, Record] = {f.name: RECORDS[f.of] for f in MAP.fields if f.type is ValueType.SECTION}
#: Sections whose entries are nodes, in the order nodes are listed.
NODE_SECTIONS = {"claims": "claim", "evidence": "evidence"}
#: Fields whose values are node ids, on nodes and arguments.
NODE_REFERENCE_FIELDS = ("supports", "attacks", "premises")


# --- the docs' field tables ---------------------------------------------------------------------

#: The tables of docs/format.md: marker name → record.
DOC_TABLES = {"map": MAP, "source": SOURCE, "agent": AGENT, "node": CLAIM, "citation": CITATION, "argument": ARGUMENT}


def _default_words(field: Field) -> str:
    if field.required:
        return "—"
    if field.type in _LIST_TYPES:
        return "empty list"
    if field.type is ValueType.SECTION:
        return "empty"
    if field.type is ValueType.FLAG:
        return f"`{str(field.default).lower()}`"
    return "none"


def field_table(record: Record) -> str:
    """The Markdown table of a record's fields, as docs/format.md shows it."""
    rows = ["| Field | Type | Required | Default | Meaning |", "|---|---|---|---|---|"]
    for field in record.fields:
        kind = field.docs_type or field.type.value
        required = "yes" if field.required else "no"
        meaning = field.docs or field.description
        rows.append(f"| `{field.name}` | {kind} | {required} | {_default_words(field)} | {meaning} |")
    return "\n".join(rows) + "\n"


def _marker(name: str) -> tuple[str, str]:
    return f"<!-- fields:{name} -->\n", f"<!-- /fields:{name} -->\n"


def docs_with_tables(text: str) -> str:
    """docs/format.md with every generated field table brought up to date."""
    for name, record in DOC_TABLES.items():
        start, end = _marker(name)
        head, found, rest = text.partition(start)
        if not found:
            raise ValueError(f"docs/format.md has no {start.strip()} marker")
        _old, found, tail = rest.partition(end)
        if not found:
            raise ValueError(f"docs/format.md has no {end.strip()} marker")
        text = head + start + field_table(record) + end + tail
    return text
