"""Masking: names, email, partnerships and the candidate's own words are
hidden in any letter case, with or without accents, inside punctuation."""

import pytest

from research.masking import masker_for, name_parts, people_index


@pytest.fixture
def masker():
    return masker_for(
        names=["Tomás Ortega-Ruiz"],
        emails=["tomas.o@example.org"],
        partnerships=["City Food Surplus Partnership"],
        own_words=["FreshMart", "Ana de Souza"],
    )


class TestNames:
    @pytest.mark.parametrize(
        "text",
        [
            "Tomás Ortega-Ruiz said so.",
            "TOMÁS ORTEGA-RUIZ said so.",
            "tomas ortega-ruiz said so.",  # no accent, lower case
            "Tomás\n  Ortega-Ruiz said so.",  # split over a line
        ],
    )
    def test_full_name_in_any_case_becomes_one_mark(self, masker, text):
        assert masker.mask(text) == "[name] said so."

    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("(Tomás)", "([name])"),
            ("“Ortega,” she said", "“[name],” she said"),
            ("Tomás's plan", "[name]'s plan"),
            ("Tomás’ plan", "[name]’ plan"),
            ("-ruiz-", "-[name]-"),
            ("ORTEGA!", "[name]!"),
            ("tomas_ortega", "[name]_[name]"),
            ("see https://ortega.example.net/tomas", "see [url]"),  # the address, whole
        ],
    )
    def test_parts_inside_punctuation(self, masker, text, expected):
        assert masker.mask(text) == expected

    def test_a_longer_word_containing_a_name_is_left_alone(self, masker):
        assert masker.mask("Tomasina and Ortegas") == "Tomasina and Ortegas"

    def test_name_particles_are_not_hidden_on_their_own(self):
        assert name_parts("Ana de Souza") == ["Ana de Souza", "Ana", "Souza"]


class TestOtherTerms:
    def test_email_is_masked_whole_before_its_parts(self, masker):
        assert masker.mask("Write to TOMAS.O@EXAMPLE.ORG.") == "Write to [email]."

    def test_partnership_name_is_one_mark_in_any_case(self, masker):
        assert masker.mask("The city food surplus partnership met.") == "The [partnership] met."

    def test_own_words_and_phrases(self, masker):
        assert masker.mask("FRESHMART and ana DE souza agreed") == "[masked] and [masked] agreed"

    def test_markdown_marks_cannot_become_links(self, masker):
        assert masker.mask("Tomás(x)", markdown=True) == r"\[name\](x)"

    def test_empty_masker_leaves_text_alone(self):
        assert masker_for().mask("Nothing to hide.") == "Nothing to hide."


def test_titles_and_degrees_in_an_account_name_are_not_hidden_alone():
    # Accounts named "Mrs. Jane Doe PhD" must not hide every "Mrs" in the corpus.
    assert name_parts("Mrs. Jane Doe PhD") == ["Mrs. Jane Doe PhD", "Jane", "Doe"]
    masker = masker_for(people=people_index(["Mrs. Jane Doe PhD"]))
    assert masker.mask("Mrs Achieng and Jane met.") == "Mrs [name] and [name] met."
