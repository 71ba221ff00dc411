"""The map format, declared once.

Every section and field of a map file is declared here: its name, its type,
its default, what it means and an example. Everything else about the format is
derived from this table:

- the records argmap works with, and the builder that checks a well-formed map
  without pydantic (argmap/records.py);
- the pydantic models that explain every problem of a malformed map, and from
  them the JSON Schema (argmap/model.py, ``argmap schema``,
  ``docs/argmap.schema.json``);
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


_LIST_TYPES = {ValueType.IDS, ValueType.TAGS, ValueType.QUOTES, ValueType.REFERENCES, ValueType.CITATIONS}


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
        F("sha256", T.SHA256, "Pin of the file's bytes; a mismatch is an error.",
          docs="Pins the exact bytes of the file. When the file no longer has this digest, validation fails ([AM402](problems.md#am402-source-hash-mismatch)). Upper or lower case; kept in lower case. `argmap pin MAP` writes or updates it for you."),
        F("title", T.OPTIONAL_TEXT, "Title of the document."),
        F("author", T.OPTIONAL_TEXT, "Author(s)."),
        F("published", T.DATE_TEXT, "Publication date, e.g. 2015-11-16.",
          docs="Publication date, kept exactly as written ([dates stay text](#single-values-empty-values-and-yaml-types))."),
        F("publisher", T.OPTIONAL_TEXT, "Publisher or outlet."),
        F("url", T.OPTIONAL_TEXT, "Where the document was published.", docs="Where the document was published. Informational only: argmap never fetches it."),
    ),
)

AGENT = Record(
    "Agent",
    'Someone a node\'s statement is attributed to (an author, a government, "common belief").',
    (
        F("name", T.TEXT, "The name shown in renders and exported.", REQUIRED,
          docs='The name shown in renders ("according to David Cameron") and exported.'),
        F("type", T.CHOICE, "What sort of agent it is.", of=AgentType, docs_type="one of the agent types below"),
        F("note", T.OPTIONAL_TEXT, "Your remark.", docs="Your remark. Not drawn and not exported."),
    ),
)

CITATION = Record(
    "Citation",
    "One cited passage, with optional context to tell apart repeated text (as in the W3C Web Annotation TextQuoteSelector).",
    (
        F("quote", T.TEXT, "Verbatim passage of the source.", REQUIRED, docs="The verbatim passage."),
        F("source", T.OPTIONAL_ID, "Source id; defaults to the node's source.", docs_type="source id", docs="The source this passage comes from. Default: the node's source."),
        F("prefix", T.OPTIONAL_TEXT, "Text just before the passage, to pick one of several occurrences.", docs="Text that stands just before the passage."),
        F("suffix", T.OPTIONAL_TEXT, "Text just after the passage.", docs="Text that stands just after the passage."),
        F("occurrence", T.OCCURRENCE, "Which occurrence (1-based) when the passage stands several times.",
          docs="Which of the (remaining) occurrences, counted from 1 in reading order."),
    ),
)

# Fields every node has, claims and evidence alike, in this order.
_NODE_FIELDS = (
    F("text", T.TEXT, "The statement in the mapper's words.", REQUIRED, docs="The statement in your words, short enough for a diagram box."),
    F("quote", T.QUOTES, "Verbatim passage(s) of the source.",
      docs="The verbatim passage(s) of the source that state it. Each must stand [exactly once](#a-quote-must-stand-exactly-once) in the node's source. A node with several quotes (e.g. two sentences that together make the point) lists them."),
    F("source", T.OPTIONAL_ID, "Source id; may be left out when the map has one source.", docs_type="source id",
      docs="Which source `quote` (and any citation without its own `source`) comes from. Default: the map's only source. May be left out when the map declares exactly one source; required on a quoted node when it declares several ([AM203](problems.md#am203-source-required))."),
    F("supports", T.IDS, "Ids of the nodes this node supports.", docs_type="node id, or list of node ids",
      docs="The nodes this node gives reason to accept, each on its own (convergent support). Premises that support only together are an [argument](#arguments-linked-premises)."),
    F("attacks", T.IDS, "Ids of the nodes this node attacks.", docs_type="node id, or list of node ids", docs="The nodes this node gives reason to reject or doubt."),
    F("undercuts", T.REFERENCES, "Relations whose inference this node attacks.", docs_type="[relation reference](#undercuts), or list of them",
      docs="The inferences this node denies, rather than their conclusions: `a supports b` (a node's relation) or an argument's id. See [Undercuts](#undercuts)."),
    F("tags", T.TAGS, "Free labels for grouping and filtering.",
      docs="Free labels for grouping and filtering (`argmap render --tag`, `--cluster-by tag`). Same rules as ids, at most 100 characters."),
    F("note", T.OPTIONAL_TEXT, "The analyst's remark; not part of the argument.",
      docs="Your remark as analyst: context, caveats, why you read it so. Not part of the argument; shown in tooltips and exported."),
    F("implicit", T.FLAG, "A reconstructed premise the text implies but does not state.", False,
      docs="A premise you reconstructed: the text relies on it but does not state it. An implicit node needs no quote and should have none ([AM406](problems.md#am406-implicit-with-quote)); every other node needs one ([AM405](problems.md#am405-quote-missing)). Drawn with a dashed border."),
    F("cites", T.CITATIONS, "Further passages, each with its own source and context.", of="Citation", docs_type="list of [citations](#citations-cites)",
      docs="Further passages, each with its own source and optional context to pick one of several occurrences."),
    F("asserted_by", T.OPTIONAL_ID, "Agent id: who asserts this; leave out for the author's own claims.", docs_type="agent id",
      docs="Who asserts the statement, when it is not the author."),
    F("group", T.OPTIONAL_TEXT, "A section of the map; `argmap render --cluster-by group` draws each as a box.",
      docs="A section of the map (any text, e.g. `Paris, 13 November`). `argmap render --cluster-by group` draws each group as a box. Not exported."),
    F("expect", T.CHOICE, "The label `argmap evaluate` must give this node; `argmap check` fails otherwise.", of=Label,
      docs_type="`accepted`, `rejected` or `undecided`",
      docs="What the map expects [evaluation](evaluation.md) to conclude about this node, e.g. that a thesis stands (`expect: accepted`). When the label differs, validation fails ([AM601](problems.md#am601-expectation-failed))."),
)

CLAIM = Record(
    "Claim",
    "A statement of the argument.",
    (
        *_NODE_FIELDS,
        F("kind", T.CHOICE, "What sort of statement it is.", of=ClaimKind, docs_type="a [claim kind](#claim-kinds) or an [evidence kind](#evidence-kinds)",
          docs="What sort of statement or evidence it is. Shown in the node's badge."),
        F("thesis", T.FLAG, "Marks a main thesis of the text.", False, docs_type="`true` or `false` (claims only)",
          docs="Marks a main thesis of the text. On a piece of evidence it is an unknown key ([AM106](problems.md#am106-unknown-key)). See [The thesis](#the-thesis)."),
    ),
)

EVIDENCE = Record(
    "Evidence",
    "An event, figure, statement or other material offered in support.",
    (*_NODE_FIELDS, F("kind", T.CHOICE, "What sort of evidence it is.", of=EvidenceKind)),
)

ARGUMENT = Record(
    "Argument",
    "Premises that support (or attack, or undercut) only together: one inference with several premises.",
    (
        F("premises", T.IDS, "Ids of the nodes that together draw the conclusion.", REQUIRED, docs_type="list of node ids",
          docs="The nodes that bear on the target only together (linked premises); two or more ([AM311](problems.md#am311-argument-one-premise))."),
        F("supports", T.OPTIONAL_ID, "The node the premises together support.", docs_type="node id",
          docs="The conclusion the premises together support. Exactly one of `supports`, `attacks` and `undercuts` ([AM312](problems.md#am312-argument-target))."),
        F("attacks", T.OPTIONAL_ID, "The node the premises together attack.", docs_type="node id", docs="The node the premises together attack."),
        F("undercuts", T.REFERENCE, "The relation whose inference the premises together deny.", docs_type="[relation reference](#undercuts)",
          docs="The inference the premises together deny: `a supports b` or another argument's id."),
        F("text", T.OPTIONAL_TEXT, "The inference in the mapper's words.", docs="The inference in your words (\"if men were angels, no government would be necessary\"). Drawn at the junction."),
        F("scheme", T.OPTIONAL_TEXT, "The argumentation scheme, e.g. `argument from consequences`.",
          docs="The name of the argumentation scheme, if you use one (`argument from expert opinion`, `practical reasoning`). Free text; shown at the junction and exported."),
        F("quote", T.QUOTES, "Verbatim passage(s) that state the inference.",
          docs="The passage that states the inference itself, often a sentence with *therefore* or *so*. Optional; anchored like a node's quote."),
        F("source", T.OPTIONAL_ID, "Source id of the quote.", docs_type="source id", docs="Which source `quote` comes from. Default: the map's only source."),
        F("cites", T.CITATIONS, "Further passages, each with its own source and context.", of="Citation", docs_type="list of [citations](#citations-cites)"),
        F("tags", T.TAGS, "Free labels.", docs="Free labels, as on nodes."),
        F("note", T.OPTIONAL_TEXT, "The analyst's remark.", docs="Your remark; shown in the details panel and exported."),
        F("expect", T.CHOICE, "The label `argmap evaluate` must give this inference.", of=Label, docs_type="`accepted`, `rejected` or `undecided`",
          docs="What the map expects evaluation to conclude about the inference ([AM601](problems.md#am601-expectation-failed))."),
    ),
)

MAP = Record(
    "ArgMap",
    "A whole map file.",
    (
        F("argmap", T.VERSION, "Format version.", REQUIRED,
          docs="Format version. Only `1` exists. `argmap: \"1\"` (text) or `argmap: true` is refused ([AM103](problems.md#am103-unsupported-version))."),
        F("title", T.TEXT, "Title of the map.", REQUIRED, docs="Title of the map, shown at the top of every render."),
        F("description", T.OPTIONAL_TEXT, "What the map covers.", docs="What the map covers. Exported, not drawn."),
        F("sources", T.SECTION, "The documents that nodes quote.", of="Source", docs_type="mapping of [source id](#ids-and-tags) → [source](#sources)"),
        F("agents", T.SECTION, "Who asserts what: referred to by `asserted_by`.", of="Agent", docs_type="mapping of agent id → [agent](#agents)",
          docs="People and bodies to whom statements are attributed (`asserted_by`)."),
        F("claims", T.SECTION, "The statements of the argument.", of="Claim", docs_type="mapping of node id → [claim](#nodes-claims-and-evidence)"),
        F("evidence", T.SECTION, "Events, figures, statements and other material offered in support.", of="Evidence",
          docs_type="mapping of node id → [evidence](#nodes-claims-and-evidence)"),
        F("arguments", T.SECTION, "Linked premises: inferences whose premises bear on their target only together.", of="Argument",
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
