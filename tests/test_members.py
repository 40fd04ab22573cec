"""Steering-committee members (campaign data): parsing, refusals naming the line, the units
each follows, and the "followed by" filter's rule."""

import subprocess
import sys

import pytest

from dtts_dashboard.campaign import CampaignError, load_campaign

from .conftest import ROOT

CAMPAIGN = (ROOT / "data" / "campaign.toml").read_text(encoding="utf-8")
BASE = CAMPAIGN.split("[[members]]")[0]  # the campaign file before its members
REST = "\n[report]" + CAMPAIGN.split("\n[report]", 1)[1]  # the report header and what follows


def write(tmp_path, members: str):
    path = tmp_path / "campaign.toml"
    path.write_text(BASE + members + REST, encoding="utf-8")
    return path


def line_of(path, text: str) -> int:
    return next(n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if text in line)


def test_the_bundled_members_are_illustrative_and_follow_units_of_the_campaign(campaign):
    assert campaign.members, "the bundled campaign lists members"
    assert all(m.illustrative and m.name and m.title and m.units for m in campaign.members)
    assert all(u in campaign.unit_names for m in campaign.members for u in m.units)
    # invented names never stand beside real data
    assert campaign.for_real_data().members == ()


def test_members_are_read_with_their_units_in_campaign_order(tmp_path):
    path = write(
        tmp_path,
        '[[members]]\nname = "Lò Văn X"\ntitle = "Ủy viên"\nunits = ["Mai Chau", "huyện Đà Bắc"]\n\n'
        '[[members]]\nname = "Bùi Thị Y"\nunits = ["Mai Châu"]\n',
    )
    campaign = load_campaign(path)
    first, second = campaign.members
    assert (first.name, first.title, first.units, first.illustrative) == (
        "Lò Văn X",
        "Ủy viên",
        ("Đà Bắc", "Mai Châu"),
        False,
    )
    assert second.title == "" and second.units == ("Mai Châu",)
    assert [m.name for m in campaign.members_of("Mai Châu")] == ["Lò Văn X", "Bùi Thị Y"]
    assert campaign.members_of("Kim Bôi") == []
    assert campaign.for_real_data().members == campaign.members  # real members stay


def test_the_followed_by_filter_narrows_the_units_like_the_units_filter(campaign):
    followed = campaign.member("Hoàng Văn E").units
    assert campaign.units_in_view(None, None) is None  # every unit
    assert campaign.units_in_view(None, "Hoàng Văn E") == list(followed)
    assert campaign.units_in_view(["Kim Bôi", "Đà Bắc"], None) == ["Đà Bắc", "Kim Bôi"]
    assert campaign.units_in_view(["Kim Bôi", "Đà Bắc"], "Hoàng Văn E") == ["Kim Bôi"]  # both: intersection
    assert campaign.units_in_view(["Đà Bắc"], "Hoàng Văn E") == []  # nothing left
    assert campaign.units_in_view(None, "Nobody") is None  # an unknown member narrows nothing


def test_a_campaign_without_members_has_none(tmp_path):
    bare = load_campaign(write(tmp_path, ""))
    assert bare.members == () and bare.member("Hoàng Văn E") is None
    assert bare.units_in_view(None, "Hoàng Văn E") is None


def test_a_member_following_a_unit_not_in_the_campaign_is_refused_with_the_line(tmp_path):
    path = write(
        tmp_path, '[[members]]\nname = "Lò Văn X"\ntitle = "Ủy viên"\nunits = ["Đà Bắc", "Mai Chau", "Atlantis"]\n'
    )
    with pytest.raises(CampaignError) as refused:
        load_campaign(path)
    message = str(refused.value)
    assert f"line {line_of(path, 'Atlantis')}:" in message
    assert "“Atlantis” is not a unit of the campaign" in message and "Lò Văn X" in message
    assert "Thành phố Hòa Bình" in message  # what to write instead: the campaign's units


def test_a_misspelt_unit_is_refused_with_the_closest_name(tmp_path):
    path = write(tmp_path, '[[members]]\nname = "Lò Văn X"\nunits = ["Mai Chow"]\n')
    with pytest.raises(CampaignError, match="did you mean “Mai Châu”"):
        load_campaign(path)


@pytest.mark.parametrize(
    ("members", "wanted", "offset"),
    [  # offset: the line named, counted from the member's [[members]] header
        ('[[members]]\ntitle = "Ủy viên"\nunits = ["Đà Bắc"]\n', "[[members]] number 2: it has no name", 0),
        ('[[members]]\nname = "  "\nunits = ["Đà Bắc"]\n', "[[members]] number 2: it has no name", 0),
        ('[[members]]\nname = "Lò Văn X"\ntitle = "Ủy viên"\n', "add the units the member follows", 0),
        ('[[members]]\nname = "Lò Văn X"\ntitle = "Ủy viên"\nunits = []\n', "add the units the member follows", 3),
    ],
)
def test_a_member_without_a_name_or_units_is_refused_with_the_line(tmp_path, members, wanted, offset):
    path = write(tmp_path, '[[members]]\nname = "Bùi Thị Y"\nunits = ["Mai Châu"]\n\n' + members)
    with pytest.raises(CampaignError) as refused:
        load_campaign(path)
    lines = path.read_text(encoding="utf-8").splitlines()
    second = [n for n, line in enumerate(lines, 1) if line == "[[members]]"][1]
    assert wanted in str(refused.value)
    assert str(refused.value).startswith(f"{path}, line {second + offset}: ")


def test_two_members_of_one_name_are_refused(tmp_path):
    path = write(
        tmp_path,
        '[[members]]\nname = "Lò Văn X"\nunits = ["Mai Châu"]\n\n[[members]]\nname = "Lò Văn X"\nunits = ["Đà Bắc"]\n',
    )
    with pytest.raises(CampaignError, match="two members are named “Lò Văn X”"):
        load_campaign(path)


def test_the_command_line_refuses_the_campaign_with_the_line_and_no_traceback(tmp_path, db):
    path = write(tmp_path, '[[members]]\nname = "Lò Văn X"\nunits = ["Atlantis"]\n')
    result = subprocess.run(
        [sys.executable, "-m", "dtts_dashboard", "summary", "--json"],
        capture_output=True,
        text=True,
        env={"DTTS_CAMPAIGN": str(path), "DTTS_DB": str(db), "PATH": "/usr/bin:/bin"},
        cwd=ROOT,
        timeout=120,
    )
    assert result.returncode != 0 and "Traceback" not in result.stderr
    assert f"line {line_of(path, 'Atlantis')}:" in result.stderr and "Atlantis" in result.stderr
