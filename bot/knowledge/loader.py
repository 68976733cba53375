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

from hangup_bot.knowledge.checks import WARNING, cut_steps
from hangup_bot.knowledge.entries import Catalog, Entry, Vocabulary
from hangup_bot.knowledge.families import Families, Part, expand, parts_of, placeholder
from hangup_bot.knowledge.inherit import inherit
from hangup_bot.knowledge.provenance import unreferenced
from hangup_bot.knowledge.schema import Problems, build_entry, build_provider, check_header
from hangup_bot.knowledge.symptoms import Symptom, check_symptoms, read_symptoms
from hangup_bot.knowledge.vocabulary import WORDS, empty_vocabulary, read_words

try:
    YamlLoader: type = yaml.CSafeLoader
except AttributeError:  # PyYAML built without libyaml
    YamlLoader = yaml.SafeLoader


SYMPTOMS = " symptoms"  # likewise for symptom files


@dataclass(frozen=True)
class CatalogError:
    file: str
    entry: str | None
    message: str

    def __str__(self) -> str:
        where = f"{self.file}: entry {self.entry!r}" if self.entry else self.file
        return f"{where}: {self.message}"

    @property
    def warning(self) -> bool:
        """A likely mistake that still loads (a step cut by a comment), not an error."""
        return self.message.startswith(WARNING)


class CatalogInvalid(Exception):
    def __init__(self, errors: list[CatalogError]):
        self.errors = errors
        super().__init__("\n".join(str(e) for e in errors))


def builtin_dir() -> Path:
    """The shipped catalog: `catalog/` in a checkout, `hangup_bot/catalog/` once installed."""
    return Path(str(resources.files("hangup_bot.catalog")))


def load_catalog(extra_dirs: list[Path] | tuple[Path, ...] = ()) -> Catalog:
    """The shipped catalog plus `extra_dirs`; raises CatalogInvalid listing every problem."""
    catalog, problems = check_catalog(extra_dirs)
    errors = [p for p in problems if not p.warning]
    if errors:
        raise CatalogInvalid(errors)
    return catalog


def load_usable(
    extra_dirs: list[Path] | tuple[Path, ...] = (),
) -> tuple[Catalog, list[CatalogError]]:
    """The shipped catalog plus every extra directory that loads cleanly, and the errors of
    those left out: one broken directory does not stop lookups from the others."""
    catalog, problems = check_catalog(extra_dirs)
    errors = [p for p in problems if not p.warning]
    if not errors:
        return catalog, []
    good = [d for d in extra_dirs if not any(not p.warning for p in check_catalog([d])[1])]
    return load_catalog(good), errors


def check_catalog(
    extra_dirs: list[Path] | tuple[Path, ...] = (),
    *,
    require_references: bool = False,
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
    if require_references:
        for entry in unreferenced(catalog.entries.values()):
            problems.add(entry.origin, entry.code, "no reference: say where its meaning comes from")
    return catalog, [CatalogError(*p) for p in problems.items]


def _read_dir(directory: Path, label: str, raw: dict[str, dict], problems: Problems) -> None:
    """Read every file; a file that declares a provider (has `name`) before files extending it."""
    docs = []
    for path in sorted(directory.glob("*.y*ml")):
        name = f"{label}/{path.name}"
        try:
            text = path.read_text(encoding="utf-8")
            doc = yaml.load(text, Loader=YamlLoader)
        except (yaml.YAMLError, UnicodeDecodeError) as exc:
            problems.add(name, None, f"malformed YAML: {one_line(exc)}")
            continue
        if directory != builtin_dir():  # the shipped files are checked by the tests
            for code, warning in cut_steps(text):
                problems.add(name, code, warning)
        if isinstance(doc, dict) and "words" in doc:
            read_words(doc["words"], name, raw, problems)
        elif isinstance(doc, dict) and "symptoms" in doc:
            raw.setdefault(SYMPTOMS, {"list": []})["list"] += read_symptoms(
                doc["symptoms"], name, problems
            )
        elif not isinstance(doc, dict) or not isinstance(doc.get("provider"), str):
            problems.add(name, None, "expected a mapping with a 'provider' key")
        else:
            docs.append((name, doc))
    for name, doc in sorted(docs, key=lambda pair: "name" not in pair[1]):
        _merge(doc, name, raw, problems)


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
    vocab = raw.pop(WORDS, empty_vocabulary())
    symptoms: list[Symptom] = raw.pop(SYMPTOMS, {"list": []})["list"]
    inherit(raw, problems)
    providers = {}
    for pid, data in raw.items():
        provider = build_provider(pid, data, problems)
        if provider is not None:
            providers[pid] = provider
    entries: list[Entry] = []
    dropped = set()  # entries that failed their own checks: links to them are not blamed
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
            elif entry is None:
                dropped.add(f"{pid}:{code}")
    vocabulary = Vocabulary(
        **{
            key: frozenset(found) if isinstance(found, set) else found
            for key, found in vocab.items()
        }
    )
    linked = _link_both_ways(entries, problems, dropped)
    symptoms = check_symptoms(symptoms, {e.id for e in linked} | dropped, problems)
    usable = tuple(s for s in symptoms if _usable(s, linked))
    return Catalog(providers, linked, vocabulary, usable, Families(families))


def _usable(symptom: Symptom, entries: list[Entry]) -> bool:
    known = {e.id for e in entries}
    return all(m in known for m in symptom.means)


def _link_both_ways(entries: list[Entry], problems: Problems, dropped: set[str]) -> list[Entry]:
    """Check every link exists and add the reverse of each, so equivalence is symmetric. An
    entry's own links keep their order (the first is the one it names most directly)."""
    by_id = {e.id: e for e in entries}
    links: dict[str, list] = {e.id: [] for e in entries}
    for entry in entries:
        for ref in entry.related:
            if ref.id in dropped:
                continue
            if ref.id not in by_id:
                problems.add(entry.origin, entry.code, f"related: no entry {ref.id!r}")
            elif ref.id != entry.id and ref not in links[entry.id]:
                links[entry.id].append(ref)
    for entry in entries:
        for ref in list(links[entry.id]):
            if entry.ref not in links[ref.id]:
                links[ref.id].append(entry.ref)
    return [
        e if tuple(links[e.id]) == e.related else replace(e, related=tuple(links[e.id]))
        for e in entries
    ]


def one_line(exc: Exception) -> str:
    return " ".join(str(exc).split())
