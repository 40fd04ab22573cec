"""Deterministic synthetic campaigns at any scale, in the real file formats (for tests and the benchmark)."""

from __future__ import annotations

import datetime as dt
import io
import random
from pathlib import Path

import pandas as pd

from .campaign import Campaign, Unit, load_campaign
from .schema import PROGRESS, SCHEDULE, STATUSES, columns

SYLLABLES = [
    "Hòa",
    "Bình",
    "Lạc",
    "Sơn",
    "Thủy",
    "Mai",
    "Châu",
    "Tân",
    "Yên",
    "Đà",
    "Bắc",
    "Kim",
    "Bôi",
    "Cao",
    "Phong",
    "Lương",
    "Văn",
    "Chấn",
    "Mường",
    "Tè",
    "Quỳnh",
    "Nhai",
    "Sìn",
    "Hồ",
    "Bảo",
    "Lâm",
]


def synthetic_campaign(n_units: int, base: Campaign | None = None) -> Campaign:
    """The bundled campaign with ``n_units`` invented units (distinct names, some with diacritics)."""
    base = base or load_campaign()
    rng = random.Random(n_units)
    units = []
    for i in range(n_units):
        name = f"{rng.choice(SYLLABLES)} {rng.choice(SYLLABLES)} {i + 1:05d}"
        units.append(Unit(name, "huyện"))
    return Campaign(
        province=base.province,
        title_vi=base.title_vi,
        title_en=base.title_en,
        plan_vi=base.plan_vi,
        plan_en=base.plan_en,
        inspection_start=base.inspection_start,
        inspection_end=base.inspection_end,
        deadline=base.deadline,
        delegate_cap=base.delegate_cap,
        units=tuple(units),
        items=base.items,
        report=base.report,
    )


def campaign_toml(campaign: Campaign) -> str:
    """The campaign as a data file (what another province would write)."""
    lines = [
        f'province = "{campaign.province}"',
        f'title_vi = "{campaign.title_vi}"',
        f'title_en = "{campaign.title_en}"',
        f"inspection_start = {campaign.inspection_start}",
        f"inspection_end = {campaign.inspection_end}",
        f"deadline = {campaign.deadline}",
        f"delegate_cap = {campaign.delegate_cap}",
    ]
    for unit in campaign.units:
        lines += ["[[units]]", f'name = "{unit.name}"', f'kind = "{unit.kind}"']
    for item in campaign.items:
        lines += [
            "[[items]]",
            f'key = "{item.key}"',
            f'vi = "{item.vi}"',
            f'en = "{item.en}"',
            f"draft = {'true' if item.draft else 'false'}",
        ]
    return "\n".join(lines) + "\n"


def report_dates(campaign: Campaign, n_dates: int) -> list[dt.date]:
    """``n_dates`` report dates, one a day, ending on the inspection period's last day."""
    end = campaign.inspection_end
    return [end - dt.timedelta(days=n_dates - 1 - i) for i in range(n_dates)]


def progress_frame(campaign: Campaign, n_dates: int, seed: int = 1) -> pd.DataFrame:
    """A progress table with Vietnamese headers: every unit reports on every date, advancing."""
    rng = random.Random(seed)
    status_words = [s.vi for s in STATUSES]
    cols = columns(campaign, PROGRESS)
    dates = report_dates(campaign, n_dates)
    rows = []
    for unit in campaign.units:
        stage = [0] * len(campaign.items)
        congress = campaign.inspection_end + dt.timedelta(days=rng.randint(-20, 25))
        for date in dates:
            stage = [min(2, s + (rng.random() < 0.08)) for s in stage]
            rows.append(
                [
                    date.strftime("%d/%m/%Y"),
                    unit.name,
                    *(status_words[s] for s in stage),
                    congress.strftime("%d/%m/%Y"),
                    str(rng.randint(90, 150) + (rng.random() < 0.005) * 5),
                    "Hoàn thiện dự thảo",
                    "Kinh phí còn hạn chế" if rng.random() < 0.2 else "",
                    "",
                ]
            )
    return pd.DataFrame(rows, columns=[c.vi for c in cols])


def schedule_frame(campaign: Campaign) -> pd.DataFrame:
    days = (campaign.inspection_end - campaign.inspection_start).days + 1
    rows = [
        [
            u.name,
            (campaign.inspection_start + dt.timedelta(days=i % days)).strftime("%d/%m/%Y"),
            "Trưởng Ban Dân tộc tỉnh",
            "",
            "",
        ]
        for i, u in enumerate(campaign.units)
    ]
    return pd.DataFrame(rows, columns=[c.vi for c in columns(campaign, SCHEDULE)])


def to_csv_bytes(frame: pd.DataFrame, sep: str = ",") -> bytes:
    return frame.to_csv(index=False, sep=sep).encode("utf-8-sig")


def to_xlsx_bytes(frame: pd.DataFrame) -> bytes:
    buf = io.BytesIO()
    frame.to_excel(buf, index=False, engine="openpyxl")
    return buf.getvalue()


def write_campaign_files(folder: Path, n_units: int, n_dates: int, xlsx: bool = False) -> dict[str, Path]:
    """Write campaign.toml, progress.csv (and .xlsx), schedule.csv for one scale into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    campaign = synthetic_campaign(n_units)
    paths = {
        "campaign": folder / "campaign.toml",
        "progress": folder / "progress.csv",
        "schedule": folder / "schedule.csv",
    }
    paths["campaign"].write_text(campaign_toml(campaign), encoding="utf-8")
    progress = progress_frame(campaign, n_dates)
    paths["progress"].write_bytes(to_csv_bytes(progress))
    paths["schedule"].write_bytes(to_csv_bytes(schedule_frame(campaign)))
    if xlsx:
        paths["progress_xlsx"] = folder / "progress.xlsx"
        paths["progress_xlsx"].write_bytes(to_xlsx_bytes(progress))
    return paths
