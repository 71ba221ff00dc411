"""The builders of the records, generated from the format's declaration (argmap/definition.py).

Do not edit: `python -m argmap.derive` writes this file, and tests/test_definition.py
fails when it is not what the declaration gives. See argmap/derive.py.
"""

# ruff: noqa

from .definition import MAX_TAG
from .kinds import AgentType, ClaimKind, EvidenceKind, Label
from .records import Agent, ArgMap, Argument, Citation, Claim, Evidence, Source
from .records import _Unsure, _id, _ids, _text, _quotes, _reference, _references, _choice, _HEX_DIGEST, _line_ranges, _percent

_KEYS_Source = frozenset(('path', 'sha256', 'title', 'author', 'published', 'publisher', 'url', 'front_matter', 'coverage_min'))
_KEYS_Agent = frozenset(('name', 'type', 'note'))
_CHOICES_Agent_type = {kind.value: kind for kind in AgentType}
_KEYS_Citation = frozenset(('quote', 'source', 'prefix', 'suffix', 'occurrence'))
_KEYS_Claim = frozenset(('text', 'quote', 'source', 'supports', 'attacks', 'undercuts', 'tags', 'note', 'implicit', 'cites', 'asserted_by', 'group', 'expect', 'suppress', 'kind', 'thesis'))
_CHOICES_Claim_expect = {kind.value: kind for kind in Label}
_CHOICES_Claim_kind = {kind.value: kind for kind in ClaimKind}
_KEYS_Evidence = frozenset(('text', 'quote', 'source', 'supports', 'attacks', 'undercuts', 'tags', 'note', 'implicit', 'cites', 'asserted_by', 'group', 'expect', 'suppress', 'kind'))
_CHOICES_Evidence_expect = {kind.value: kind for kind in Label}
_CHOICES_Evidence_kind = {kind.value: kind for kind in EvidenceKind}
_KEYS_Argument = frozenset(('premises', 'supports', 'attacks', 'undercuts', 'text', 'scheme', 'quote', 'source', 'cites', 'tags', 'note', 'expect', 'suppress'))
_CHOICES_Argument_expect = {kind.value: kind for kind in Label}
_KEYS_ArgMap = frozenset(('argmap', 'title', 'description', 'sources', 'default_source', 'agents', 'claims', 'evidence', 'arguments'))


def _build_Source(data):
    if data.__class__ is not dict or not data.keys() <= _KEYS_Source: raise _Unsure
    get = data.get
    v0 = get('path')
    if v0.__class__ is not str or not v0: raise _Unsure
    v1 = get('sha256')
    if v1 is not None:
        if v1.__class__ is not str or not _HEX_DIGEST.fullmatch(v1): raise _Unsure
        v1 = v1.lower()
    v2 = get('title')
    if v2 is not None:
        if v2.__class__ is not str: raise _Unsure
    v3 = get('author')
    if v3 is not None:
        if v3.__class__ is not str: raise _Unsure
    v4 = get('published')
    if v4 is not None:
        if v4.__class__ is not str: raise _Unsure
    v5 = get('publisher')
    if v5 is not None:
        if v5.__class__ is not str: raise _Unsure
    v6 = get('url')
    if v6 is not None:
        if v6.__class__ is not str: raise _Unsure
    v7 = get('front_matter')
    if v7 is None: v7 = []
    else:
        v7 = _line_ranges(v7)
    v8 = get('coverage_min')
    if v8 is not None:
        v8 = _percent(v8)
    return Source(v0, v1, v2, v3, v4, v5, v6, v7, v8)


def _build_Agent(data):
    if data.__class__ is not dict or not data.keys() <= _KEYS_Agent: raise _Unsure
    get = data.get
    v0 = get('name')
    if v0.__class__ is not str or not v0: raise _Unsure
    v1 = get('type')
    if v1 is not None:
        v1 = _choice(_CHOICES_Agent_type, v1)
    v2 = get('note')
    if v2 is not None:
        if v2.__class__ is not str: raise _Unsure
    return Agent(v0, v1, v2)


def _build_Citation(data):
    if data.__class__ is not dict or not data.keys() <= _KEYS_Citation: raise _Unsure
    get = data.get
    v0 = get('quote')
    if v0.__class__ is not str or not v0: raise _Unsure
    v1 = get('source')
    if v1 is not None:
        v1 = _id(v1)
    v2 = get('prefix')
    if v2 is not None:
        if v2.__class__ is not str: raise _Unsure
    v3 = get('suffix')
    if v3 is not None:
        if v3.__class__ is not str: raise _Unsure
    v4 = get('occurrence')
    if v4 is not None:
        if v4.__class__ is not int or v4 < 1: raise _Unsure
    return Citation(v0, v1, v2, v3, v4)


def _build_Claim(data):
    if data.__class__ is not dict or not data.keys() <= _KEYS_Claim: raise _Unsure
    get = data.get
    v0 = get('text')
    if v0.__class__ is not str or not v0: raise _Unsure
    v1 = get('quote')
    if v1 is None: v1 = []
    else:
        if v1.__class__ is str and v1: v1 = [v1]
        else: v1 = _quotes(v1)
    v2 = get('source')
    if v2 is not None:
        v2 = _id(v2)
    v3 = get('supports')
    if v3 is None: v3 = []
    else:
        v3 = _ids(v3)
    v4 = get('attacks')
    if v4 is None: v4 = []
    else:
        v4 = _ids(v4)
    v5 = get('undercuts')
    if v5 is None: v5 = []
    else:
        v5 = _references(v5)
    v6 = get('tags')
    if v6 is None: v6 = []
    else:
        v6 = _ids(v6, MAX_TAG)
    v7 = get('note')
    if v7 is not None:
        if v7.__class__ is not str: raise _Unsure
    v8 = get('implicit')
    if v8 is None:
        if 'implicit' in data: raise _Unsure
        v8 = False
    else:
        if v8.__class__ is not bool: raise _Unsure
    v9 = get('cites')
    if v9 is None:
        if 'cites' in data: raise _Unsure
        v9 = []
    else:
        if v9.__class__ is not list: raise _Unsure
        v9 = [_build_Citation(item) for item in v9]
    v10 = get('asserted_by')
    if v10 is not None:
        v10 = _id(v10)
    v11 = get('group')
    if v11 is not None:
        if v11.__class__ is not str: raise _Unsure
    v12 = get('expect')
    if v12 is not None:
        v12 = _choice(_CHOICES_Claim_expect, v12)
    v13 = get('suppress')
    if v13 is None: v13 = []
    else:
        if v13.__class__ is str and v13: v13 = [v13]
        else: v13 = _quotes(v13)
    v14 = get('kind')
    if v14 is not None:
        v14 = _choice(_CHOICES_Claim_kind, v14)
    v15 = get('thesis')
    if v15 is None:
        if 'thesis' in data: raise _Unsure
        v15 = False
    else:
        if v15.__class__ is not bool: raise _Unsure
    return Claim(v0, v1, v2, v3, v4, v5, v6, v7, v8, v9, v10, v11, v12, v13, v14, v15)


def _build_Evidence(data):
    if data.__class__ is not dict or not data.keys() <= _KEYS_Evidence: raise _Unsure
    get = data.get
    v0 = get('text')
    if v0.__class__ is not str or not v0: raise _Unsure
    v1 = get('quote')
    if v1 is None: v1 = []
    else:
        if v1.__class__ is str and v1: v1 = [v1]
        else: v1 = _quotes(v1)
    v2 = get('source')
    if v2 is not None:
        v2 = _id(v2)
    v3 = get('supports')
    if v3 is None: v3 = []
    else:
        v3 = _ids(v3)
    v4 = get('attacks')
    if v4 is None: v4 = []
    else:
        v4 = _ids(v4)
    v5 = get('undercuts')
    if v5 is None: v5 = []
    else:
        v5 = _references(v5)
    v6 = get('tags')
    if v6 is None: v6 = []
    else:
        v6 = _ids(v6, MAX_TAG)
    v7 = get('note')
    if v7 is not None:
        if v7.__class__ is not str: raise _Unsure
    v8 = get('implicit')
    if v8 is None:
        if 'implicit' in data: raise _Unsure
        v8 = False
    else:
        if v8.__class__ is not bool: raise _Unsure
    v9 = get('cites')
    if v9 is None:
        if 'cites' in data: raise _Unsure
        v9 = []
    else:
        if v9.__class__ is not list: raise _Unsure
        v9 = [_build_Citation(item) for item in v9]
    v10 = get('asserted_by')
    if v10 is not None:
        v10 = _id(v10)
    v11 = get('group')
    if v11 is not None:
        if v11.__class__ is not str: raise _Unsure
    v12 = get('expect')
    if v12 is not None:
        v12 = _choice(_CHOICES_Evidence_expect, v12)
    v13 = get('suppress')
    if v13 is None: v13 = []
    else:
        if v13.__class__ is str and v13: v13 = [v13]
        else: v13 = _quotes(v13)
    v14 = get('kind')
    if v14 is not None:
        v14 = _choice(_CHOICES_Evidence_kind, v14)
    return Evidence(v0, v1, v2, v3, v4, v5, v6, v7, v8, v9, v10, v11, v12, v13, v14)


def _build_Argument(data):
    if data.__class__ is not dict or not data.keys() <= _KEYS_Argument: raise _Unsure
    get = data.get
    v0 = get('premises')
    v0 = _ids(v0)
    v1 = get('supports')
    if v1 is not None:
        v1 = _id(v1)
    v2 = get('attacks')
    if v2 is not None:
        v2 = _id(v2)
    v3 = get('undercuts')
    if v3 is not None:
        v3 = _reference(v3)
    v4 = get('text')
    if v4 is not None:
        if v4.__class__ is not str: raise _Unsure
    v5 = get('scheme')
    if v5 is not None:
        if v5.__class__ is not str: raise _Unsure
    v6 = get('quote')
    if v6 is None: v6 = []
    else:
        if v6.__class__ is str and v6: v6 = [v6]
        else: v6 = _quotes(v6)
    v7 = get('source')
    if v7 is not None:
        v7 = _id(v7)
    v8 = get('cites')
    if v8 is None:
        if 'cites' in data: raise _Unsure
        v8 = []
    else:
        if v8.__class__ is not list: raise _Unsure
        v8 = [_build_Citation(item) for item in v8]
    v9 = get('tags')
    if v9 is None: v9 = []
    else:
        v9 = _ids(v9, MAX_TAG)
    v10 = get('note')
    if v10 is not None:
        if v10.__class__ is not str: raise _Unsure
    v11 = get('expect')
    if v11 is not None:
        v11 = _choice(_CHOICES_Argument_expect, v11)
    v12 = get('suppress')
    if v12 is None: v12 = []
    else:
        if v12.__class__ is str and v12: v12 = [v12]
        else: v12 = _quotes(v12)
    return Argument(v0, v1, v2, v3, v4, v5, v6, v7, v8, v9, v10, v11, v12)


def _build_ArgMap(data):
    if data.__class__ is not dict or not data.keys() <= _KEYS_ArgMap: raise _Unsure
    get = data.get
    v0 = get('argmap')
    if v0.__class__ is not int or v0 != 1: raise _Unsure
    v1 = get('title')
    if v1.__class__ is not str or not v1: raise _Unsure
    v2 = get('description')
    if v2 is not None:
        if v2.__class__ is not str: raise _Unsure
    v3 = get('sources')
    if v3 is None: v3 = {}
    else:
        if v3.__class__ is not dict: raise _Unsure
        v3 = {_id(key): _build_Source(entry) for key, entry in v3.items()}
    v4 = get('default_source')
    if v4 is not None:
        v4 = _id(v4)
    v5 = get('agents')
    if v5 is None: v5 = {}
    else:
        if v5.__class__ is not dict: raise _Unsure
        v5 = {_id(key): _build_Agent(entry) for key, entry in v5.items()}
    v6 = get('claims')
    if v6 is None: v6 = {}
    else:
        if v6.__class__ is not dict: raise _Unsure
        v6 = {_id(key): _build_Claim(entry) for key, entry in v6.items()}
    v7 = get('evidence')
    if v7 is None: v7 = {}
    else:
        if v7.__class__ is not dict: raise _Unsure
        v7 = {_id(key): _build_Evidence(entry) for key, entry in v7.items()}
    v8 = get('arguments')
    if v8 is None: v8 = {}
    else:
        if v8.__class__ is not dict: raise _Unsure
        v8 = {_id(key): _build_Argument(entry) for key, entry in v8.items()}
    return ArgMap(v0, v1, v2, v3, v4, v5, v6, v7, v8)


def build(data):
    """The records of well-formed map data; None when pydantic must decide (argmap/records.py)."""
    try:
        return _build_ArgMap(data)
    except (_Unsure, TypeError, KeyError):  # TypeError: an unhashable kind such as a list
        return None
