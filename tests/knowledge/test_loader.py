"""Loading a team's own catalog files: each mistake is reported by file and entry."""

from __future__ import annotations

import pytest

from hangup_bot.knowledge.loader import CatalogInvalid, check_catalog, load_catalog

ACME = """\
provider: acme
name: Acme Voice
categories:
  - {id: busy, name: Busy, range: [100, 199]}
sources:
  - {name: Callee, description: The person called.}
entries:
  - code: "100"
    cause: Line Busy
    category: busy
    description: The line was busy.
    severity: destination
    retry: true
    next_steps: [Retry later.]
"""


def errors_for(catalog_dir, files):
    _catalog, errors = check_catalog([catalog_dir(files)])
    return [str(e) for e in errors]


def test_a_new_provider_file_adds_its_entries(catalog_dir):
    catalog = load_catalog([catalog_dir({"acme.yml": ACME})])
    assert catalog.get("acme:100").cause == "Line Busy"
    assert len(catalog.of("plivo")) == 53


def test_missing_field_names_the_file_and_the_entry(catalog_dir):
    [error] = errors_for(catalog_dir, {"acme.yml": ACME.replace("    retry: true\n", "")})
    assert error.endswith("acme.yml: entry '100': missing field 'retry'")


def test_duplicate_code_in_one_file_is_reported(catalog_dir):
    doubled = ACME + ACME[ACME.index('  - code: "100"') :]
    [error] = errors_for(catalog_dir, {"acme.yml": doubled})
    assert "entry '100': duplicate code '100' in this file" in error


def test_same_code_in_two_files_of_one_directory_is_reported(catalog_dir):
    second = 'provider: acme\nentries:\n  - code: "100"\n    cause: Again\n'
    errors = errors_for(catalog_dir, {"acme.yml": ACME, "more.yml": second})
    assert any("more.yml: entry '100': duplicate code '100': also defined in" in e for e in errors)


def test_code_outside_its_category_range_is_reported(catalog_dir):
    [error] = errors_for(catalog_dir, {"acme.yml": ACME.replace('code: "100"', 'code: "250"')})
    assert "entry '250': code 250 is outside its category's range 100-199" in error


def test_link_to_a_missing_entry_is_reported(catalog_dir):
    linked = ACME + "    related: [plivo:3010, plivo:3333]\n"
    [error] = errors_for(catalog_dir, {"acme.yml": linked})
    assert "entry '100': related: no entry 'plivo:3333'" in error


def test_override_for_an_unknown_provider_is_reported(catalog_dir):
    text = 'provider: nosuch\nentries:\n  - code: "1"\n    next_steps: [x]\n'
    [error] = errors_for(catalog_dir, {"nosuch.yml": text})
    assert "nosuch.yml: unknown provider 'nosuch'" in error


def test_malformed_yaml_names_the_file(catalog_dir):
    [error] = errors_for(catalog_dir, {"broken.yml": "provider: acme\nentries: [\n  - {code: 1\n"})
    assert "broken.yml: malformed YAML" in error


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (("category: busy", "category: nope"), "unknown category 'nope'"),
        (("severity: destination", "severity: awful"), "severity 'awful' is not one of"),
        (("retry: true", "retry: maybe"), "retry must be true or false"),
        (("    retry: true\n", "    retry: true\n    source: Martians\n"), "unknown source"),
        (("    retry: true\n", "    retry: true\n    colour: red\n"), "unknown field(s) colour"),
        (("next_steps: [Retry later.]", "next_steps: Retry later."), "next_steps must be a list"),
        (("    retry: true\n", "    retry: true\n    sip: [busy]\n"), "sip must be a list"),
        (
            ("    retry: true\n", "    retry: true\n    related: [nocolon]\n"),
            "related: 'nocolon' is not a link 'provider:code'",
        ),
    ],
)
def test_each_bad_field_is_reported_for_its_entry(catalog_dir, change, message):
    [error] = errors_for(catalog_dir, {"acme.yml": ACME.replace(*change)})
    assert "acme.yml: entry '100': " + message in error


def test_every_problem_is_reported_at_once(catalog_dir):
    text = ACME.replace("    retry: true\n", "") + ACME[ACME.index('  - code: "100"') :].replace(
        '"100"', '"300"'
    )
    errors = errors_for(catalog_dir, {"acme.yml": text, "bad.yml": "::: nope"})
    assert len(errors) == 3


def test_load_catalog_raises_with_every_error(catalog_dir):
    with pytest.raises(CatalogInvalid) as caught:
        load_catalog([catalog_dir({"acme.yml": ACME.replace("severity: destination", "")})])
    assert next(str(e) for e in caught.value.errors).endswith("missing field 'severity'")


def test_override_changes_only_the_given_fields(catalog_dir):
    override = """\
    provider: plivo
    entries:
      - code: "3130"
        next_steps:
          - Page the voice on-call, then rotate the caller ID pool.
        runbook: https://wiki.example.com/spam-block
    """
    catalog = load_catalog([catalog_dir({"ours.yml": override})])
    entry = catalog.get("plivo:3130")
    assert entry.next_steps == ("Page the voice on-call, then rotate the caller ID pool.",)
    assert entry.runbook == "https://wiki.example.com/spam-block"
    assert entry.cause == "Spam block"
    assert catalog.get("vobiz:3130").next_steps == entry.next_steps


def test_a_team_can_add_an_entry_to_a_shipped_provider(catalog_dir):
    extra = """\
    provider: retell
    entries:
      - code: error_brand_new
        cause: error_brand_new
        category: error
        description: A reason our team saw before the catalog knew it.
        severity: platform
        retry: true
        next_steps: [Ask Retell support.]
    """
    catalog = load_catalog([catalog_dir({"retell-extra.yml": extra})])
    assert catalog.get("retell:error_brand_new").call_status is None


def test_a_missing_directory_is_reported(tmp_path):
    _catalog, errors = check_catalog([tmp_path / "nope"])
    assert [str(e) for e in errors] == [f"{tmp_path / 'nope'}: not a directory"]


def test_vocabulary_files_extend_ignored_and_same_words(catalog_dir):
    words = "words:\n  ignore: [blah]\n  same: {engaged: busy}\n"
    catalog = load_catalog([catalog_dir({"words.yml": words})])
    assert "blah" in catalog.stopwords and "the" in catalog.stopwords
    assert catalog.synonyms["engaged"] == "busy"


def test_yaml_booleans_in_the_vocabulary_are_read_as_the_words_meant():
    """`on` and `yes` unquoted are YAML booleans; the shipped file quotes them."""
    from hangup_bot.knowledge.loader import load_catalog

    stopwords = load_catalog().stopwords
    assert {"on", "yes"} <= stopwords and "true" not in stopwords and "false" not in stopwords


def test_an_unquoted_yaml_boolean_in_a_vocabulary_file_is_reported(catalog_dir):
    errors = errors_for(catalog_dir, {"words.yml": "words:\n  ignore: [on, standup]\n"})
    assert len(errors) == 1 and "words: True is not a word; quote it" in errors[0]


FAMILY = """\
provider: acme
name: Acme Voice
parts:
  model: {label: the model vendor, names: {big-co: BigCo}}
categories:
  - {id: llm, name: LLM}
entries:
  - code: "llm-{model}-failed"
    cause: "llm-{model}-failed"
    category: llm
    description: The model {model} failed.
    severity: platform
    retry: true
    next_steps: ["Check {model}'s status page."]
    values: [big-co, small-co]
"""


def test_a_pattern_entry_expands_to_one_entry_per_listed_value(catalog_dir):
    catalog = load_catalog([catalog_dir({"acme.yml": FAMILY})])
    assert catalog.get("acme:llm-big-co-failed").description == "The model BigCo failed."
    assert catalog.get("acme:llm-small-co-failed").next_steps == ("Check small-co's status page.",)
    family = catalog.get("acme:llm-{model}-failed")
    assert family.description == "The model the model vendor failed."
    assert catalog.get("acme:llm-new-co-failed").description == "The model new-co failed."
    assert catalog.get("acme:other-thing") is None


def test_a_pattern_with_an_undeclared_part_is_reported(catalog_dir):
    [error] = errors_for(catalog_dir, {"acme.yml": FAMILY.replace("{model}", "{vendor}")})
    assert "acme.yml: entry 'llm-{vendor}-failed'" in error and "parts" in error


def test_pattern_values_must_be_a_list_of_text(catalog_dir):
    [error] = errors_for(catalog_dir, {"acme.yml": FAMILY.replace("[big-co, small-co]", "7")})
    assert error.endswith("values must be a list of the part's documented values")


def test_a_team_file_overrides_one_value_of_a_shipped_family(catalog_dir):
    override = """\
    provider: vapi
    entries:
      - code: pipeline-error-openai-llm-failed
        cause: pipeline-error-openai-llm-failed
        category: llm
        description: Our OpenAI proxy failed.
        severity: platform
        retry: true
        next_steps: ["Page #llm-oncall."]
    """
    catalog = load_catalog([catalog_dir({"vapi.yml": override})])
    assert catalog.get("vapi:pipeline-error-openai-llm-failed").description == (
        "Our OpenAI proxy failed."
    )
    assert "Groq" in catalog.get("vapi:pipeline-error-groq-llm-failed").description
