import pytest

from summarizer.text.names import find_party, merge_groups, same_entity


@pytest.mark.parametrize("a,b", [
    ("Serey", "Sam Serey"),
    ("Mr Serey", "Sam Serey"),
    ("KNLF", "Khmer National Liberation Front"),
    ("Human Rights Watch", "Human Rights Watch's Asia division"),
    ("Dzhokhar Tsarnaev", "Tsarnaev"),
    ("Sopheak", "Interior Ministry spokesman Khieu Sopheak"),
])
def test_same_entity(a, b):
    assert same_entity(a, b)
    assert same_entity(b, a)


@pytest.mark.parametrize("a,b", [
    ("Thai government", "Danish government"),
    ("Sam Serey", "Sam Rainsy"),
    ("Cambodia", "Denmark"),
    ("UN", "Thai authorities"),
    ("Khmer National Liberation Front", "senior Khmer National Liberation Front member"),
    ("Donald", "Donald Trump"),
])
def test_different_entities(a, b):
    assert not same_entity(a, b)


def test_find_party_prefers_exact_names():
    parties = [["Serey family"], ["Sam Serey", "Serey"]]
    assert find_party("Serey", parties) == 1
    assert find_party("Mr Sam Serey", parties) == 1
    assert find_party("Hun Sen", parties) is None


def test_merge_groups_unions_transitively():
    groups = merge_groups([["Sam Serey"], ["Phil Robertson"], ["Serey"], ["Mr Serey"], ["Robertson"]])
    assert sorted(map(sorted, groups)) == [[0, 2, 3], [1, 4]]


def test_short_forms_for_aliases():
    from summarizer.text.names import is_short_form

    assert is_short_form("Serey", "Sam Serey")
    assert is_short_form("KNLF", "Khmer National Liberation Front")
    assert is_short_form("Danish Embassy", "Royal Danish Embassy")
    assert not is_short_form("Danish", "Royal Danish Embassy")
    assert not is_short_form("Denmark-based KNLF", "Denmark")
    assert not is_short_form("Sam Serey", "Serey")
