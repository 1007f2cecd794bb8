"""Mentions in sanitized HTML become links to the people named, and only to them."""

from proposals.markup import link_mentions, render_markdown

PEOPLE = {"member.park": "/person/member.park/"}


def test_a_known_mention_becomes_a_link_and_an_unknown_one_stays_text():
    html = link_mentions(render_markdown("Thanks @member.park. And @someone.else."), PEOPLE)
    assert '<a class="mention" href="/person/member.park/">@member.park</a>.' in html
    assert "@someone.else." in html and html.count("<a ") == 1


def test_no_link_inside_links_code_or_preformatted_text():
    source = "[ask @member.park](https://example.org) `@member.park`\n\n```\n@member.park\n```"
    html = link_mentions(render_markdown(source), PEOPLE)
    assert 'class="mention"' not in html


def test_e_mail_addresses_are_not_mentions():
    html = link_mentions(render_markdown("write to park@member.park"), PEOPLE)
    assert 'class="mention"' not in html
