"""Load catalog YAML files into a validated `Catalog`.

The shipped files come first; each extra directory (a team's own) adds providers and entries or
overrides fields of existing ones. Every problem is collected, none stops the others from being
found, and each names its file and entry.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from hangup_bot.knowledge.entries import Catalog, Entry, Vocabulary
from hangup_bot.knowledge.families import Families, Part, expand, parts_of, placeholder
from hangup_bot.knowledge.inherit import inherit
from hangup_bot.knowledge.schema import Problems, build_entry, build_provider, check_header

try:
    YamlLoader: type = yaml.CSafeLoader
except AttributeError:  # PyYAML built without libyaml
    YamlLoader = yaml.SafeLoader


WORDS = " words"  # the key vocabulary files are gathered under; no provider id has a space


@dataclass(frozen=True)
class CatalogError:
    file: str
    entry: str | None
    message: str

    def __str__(self) -> str:
        where = f"{self.file}: entry {self.entry!r}" if self.entry else self.file
        return f"{where}: {self.message}"


class CatalogInvalid(Exception):
    def __init__(self, errors: list[CatalogError]):
        self.errors = errors
        super().__init__("\n".join(str(e) for e in errors))


def builtin_dir() -> Path:
    """The shipped catalog: `catalog/` in a checkout, `hangup_bot/catalog/` once installed."""
    return Path(str(resources.files("hangup_bot.catalog")))


def load_catalog(extra_dirs: list[Path] | tuple[Path, ...] = ()) -> Catalog:
    """The shipped catalog plus `extra_dirs`; raises CatalogInvalid listing every problem."""
    catalog, errors = check_catalog(extra_dirs)
    if errors:
        raise CatalogInvalid(errors)
    return catalog


def check_catalog(
    extra_dirs: list[Path] | tuple[Path, ...] = (),
) -> tuple[Catalog, list[CatalogError]]:
    problems = Problems()
    raw: dict[str, dict[str, Any]] = {}
    _read_dir(builtin_dir(), "catalog", raw, problems)
    for directory in extra_dirs:
        if not Path(directory).is_dir():
            problems.add(str(directory), None, "not a directory")
            continue
        _read_dir(Path(directory), str(directory), raw, problems)
    catalog = _build(raw, problems)
    return catalog, [CatalogError(*p) for p in problems.items]


def _read_dir(directory: Path, label: str, raw: dict[str, dict], problems: Problems) -> None:
    """Read every file; a file that declares a provider (has `name`) before files extending it."""
    docs = []
    for path in sorted(directory.glob("*.y*ml")):
        name = f"{label}/{path.name}"
        try:
            doc = yaml.load(path.read_text(encoding="utf-8"), Loader=YamlLoader)
        except (yaml.YAMLError, UnicodeDecodeError) as exc:
            problems.add(name, None, f"malformed YAML: {one_line(exc)}")
            continue
        if isinstance(doc, dict) and "words" in doc:
            _read_words(doc["words"], name, raw, problems)
        elif not isinstance(doc, dict) or not isinstance(doc.get("provider"), str):
            problems.add(name, None, "expected a mapping with a 'provider' key")
        else:
            docs.append((name, doc))
    for name, doc in sorted(docs, key=lambda pair: "name" not in pair[1]):
        _merge(doc, name, raw, problems)


def _read_words(words: object, file: str, raw: dict[str, dict], problems: Problems) -> None:
    """A vocabulary file: words to ignore, and words to read as the catalog's own words."""
    vocab = raw.setdefault(WORDS, {"ignore": set(), "same": {}, "off_topic": set()})
    shape = "'words' takes 'ignore' and 'off_topic' (lists) and 'same' (a mapping)"
    if not isinstance(words, dict) or set(words) - set(vocab):
        problems.add(file, None, shape)
        return
    lists = [words.get(k) or [] for k in ("ignore", "off_topic")]
    same = words.get("same") or {}
    if not all(isinstance(x, list) for x in lists) or not isinstance(same, dict):
        problems.add(file, None, shape)
        return
    odd = [w for w in [*lists[0], *lists[1], *same, *same.values()] if not isinstance(w, str)]
    if odd:  # YAML reads on/off/yes/no unquoted as booleans
        problems.add(file, None, f'words: {odd[0]!r} is not a word; quote it ("on", "no")')
        return
    vocab["ignore"].update(str(w).lower() for w in lists[0])
    vocab["off_topic"].update(str(w).lower() for w in lists[1])
    vocab["same"].update({str(k).lower(): str(v).lower() for k, v in same.items()})


def _merge(doc: dict, file: str, raw: dict[str, dict], problems: Problems) -> None:
    """Fold one file into `raw`: a new provider, or field-by-field overrides of a known one."""
    pid = doc["provider"].strip().lower()
    if not check_header(doc, file, problems):
        return
    known = raw.get(pid)
    if known is None:
        if "name" not in doc:
            problems.add(file, None, f"unknown provider {pid!r}: a new provider needs 'name'")
            return
        known = raw[pid] = {"file": file, "header": {}, "categories": {}, "entries": {}}
    known["header"].update({k: v for k, v in doc.items() if k not in ("entries", "categories")})
    for category in doc.get("categories") or []:
        if isinstance(category, dict) and "id" in category:
            known["categories"][str(category["id"])] = (category, file)
        else:
            problems.add(file, None, "a category needs an 'id'")
    seen: set[str] = set()
    defaults = doc.get("defaults") if isinstance(doc.get("defaults"), dict) else {}
    for item in doc.get("entries") or []:
        if not isinstance(item, dict) or "code" not in item:
            problems.add(file, None, "an entry needs a 'code'")
            continue
        code = str(item["code"])
        if code in seen:
            problems.add(file, code, f"duplicate code {code!r} in this file")
            continue
        seen.add(code)
        previous = known["entries"].get(code)
        if previous is not None and previous[1].rsplit("/", 1)[0] == file.rsplit("/", 1)[0]:
            problems.add(file, code, f"duplicate code {code!r}: also defined in {previous[1]}")
            continue
        merged = {**previous[0], **item} if previous else {**defaults, **item}
        known["entries"][code] = (merged, file)


def _build(raw: dict[str, dict], problems: Problems) -> Catalog:
    vocab = raw.pop(WORDS, {"ignore": set(), "same": {}, "off_topic": set()})
    inherit(raw, problems)
    providers = {}
    for pid, data in raw.items():
        provider = build_provider(pid, data, problems)
        if provider is not None:
            providers[pid] = provider
    entries: list[Entry] = []
    families: list[tuple[Entry, Part]] = []
    for pid, provider in providers.items():
        parts = parts_of(raw[pid]["header"], raw[pid]["file"], problems)
        for code, (item, file) in raw[pid]["entries"].items():
            entry = build_entry(provider, code, item, file, problems)
            if entry is not None and placeholder(code) is None:
                entries.append(entry)
            elif entry is not None and (found := expand(entry, item, parts, file, problems)):
                family, part, copies = found
                families.append((entry, part))
                entries += [family, *(c for c in copies if c.code not in raw[pid]["entries"])]
    vocabulary = Vocabulary(
        frozenset(vocab["ignore"]), vocab["same"], frozenset(vocab["off_topic"])
    )
    return Catalog(providers, _link_both_ways(entries, problems), vocabulary, Families(families))


def _link_both_ways(entries: list[Entry], problems: Problems) -> list[Entry]:
    """Check every link exists and add the reverse of each, so equivalence is symmetric."""
    by_id = {e.id: e for e in entries}
    links: dict[str, list] = {e.id: [] for e in entries}
    for entry in entries:
        for ref in entry.related:
            if ref.id not in by_id:
                problems.add(entry.origin, entry.code, f"related: no entry {ref.id!r}")
            elif ref.id != entry.id:
                for a, b in ((entry.id, ref), (ref.id, entry.ref)):
                    if b not in links[a]:
                        links[a].append(b)
    return [
        e if tuple(links[e.id]) == e.related else replace(e, related=tuple(links[e.id]))
        for e in entries
    ]


def one_line(exc: Exception) -> str:
    return " ".join(str(exc).split())
