"""A team's own catalog files: each mistake is reported once, against the file that made it."""

from __future__ import annotations

import pytest

from hangup_bot.knowledge.loader import check_catalog, load_catalog, load_usable


def problems(directory) -> list[str]:
    return [str(e) for e in check_catalog([directory])[1]]


def test_a_broken_override_is_reported_once_against_the_teams_file(catalog_dir):
    ours = catalog_dir(
        {"plivo.yml": 'provider: plivo\nentries:\n  - code: "3010"\n    severity: hgh\n'}
    )
    found = problems(ours)
    assert found == [
        f"{ours}/plivo.yml: entry '3010': severity 'hgh' is not one of "
        "expected, destination, needs_action, carrier, platform"
    ]


def test_shipped_entries_are_not_blamed_for_a_link_to_an_entry_an_override_broke(catalog_dir):
    ours = catalog_dir({"plivo.yml": 'provider: plivo\nentries:\n  - code: "3010"\n    retry: x\n'})
    found = problems(ours)
    assert not [p for p in found if p.startswith("catalog/")], found
    assert not [p for p in found if "vobiz.yml" in p], found


def test_a_step_cut_by_an_unquoted_hash_is_warned_about_and_still_loads(catalog_dir):
    ours = catalog_dir(
        {
            "plivo.yml": 'provider: plivo\nentries:\n  - code: "3130"\n    next_steps:\n'
            "      - Page #voice-oncall, then rotate the caller ID pool.\n"
            '      - "Quoted #text is fine"\n'
        }
    )
    [warning] = problems(ours)
    assert warning == (
        f"{ours}/plivo.yml: entry '3130': warning: next_steps: step 'Page' ends where a '#' "
        "began (YAML read the rest as a comment); quote the step if the '#' is text"
    )
    assert load_catalog([ours]).get("plivo:3130").next_steps[0] == "Page"


def test_a_step_cut_at_colon_space_is_named(catalog_dir):
    ours = catalog_dir(
        {
            "plivo.yml": 'provider: plivo\nentries:\n  - code: "3130"\n    next_steps:\n'
            "      - Call ops: they rotate numbers\n"
        }
    )
    [error] = problems(ours)
    assert error.endswith(
        "entry '3130': next_steps: step 1 was cut at ': ' and read as 'Call ops': "
        "'they rotate numbers'; quote the step"
    )


@pytest.mark.parametrize("link", ["htp:/wiki", "wiki.example.com/runbook", "ftp://x.example/a"])
def test_a_runbook_that_is_not_an_http_link_is_refused(catalog_dir, link):
    ours = catalog_dir(
        {"plivo.yml": f'provider: plivo\nentries:\n  - code: "3130"\n    runbook: {link}\n'}
    )
    [error] = problems(ours)
    assert error.endswith(
        f"entry '3130': runbook '{link}' is not an http(s) link (https://host/path)"
    )


def test_an_unknown_key_in_a_words_file_is_named(catalog_dir):
    [error] = problems(catalog_dir({"words.yml": "words:\n  ignor: [standup]\n"}))
    assert "words.yml: words: unknown key(s) ignor;" in error


def test_a_bad_related_id_is_named(catalog_dir):
    ours = catalog_dir(
        {"plivo.yml": 'provider: plivo\nentries:\n  - code: "3130"\n    related: [sip-USER_BUSY]\n'}
    )
    [error] = problems(ours)
    assert error.endswith("entry '3130': related: 'sip-USER_BUSY' is not a link 'provider:code'")


def test_one_broken_directory_leaves_the_others_usable(catalog_dir, tmp_path_factory):
    good = tmp_path_factory.mktemp("good")
    (good / "plivo.yml").write_text(
        'provider: plivo\nentries:\n  - code: "3130"\n    next_steps: ["Page the on-call."]\n'
    )
    broken = catalog_dir({"x.yml": "provider: ["})
    catalog, errors = load_usable([broken, good])
    assert catalog.get("plivo:3130").next_steps == ("Page the on-call.",)
    assert [f"{broken}/x.yml" in str(e) for e in errors] == [True]
