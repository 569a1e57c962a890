"""Finland's regions (maakunnat), loaded from forum/data/regions.json."""

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from forum.extensions import db


class Region(db.Model):
    __tablename__ = "regions"

    id: Mapped[int] = mapped_column(primary_key=True)
    # Statistics Finland's code, e.g. "MK18" for Kainuu.
    code: Mapped[str] = mapped_column(String(8), unique=True)
    name_fi: Mapped[str] = mapped_column(String(80))
    name_sv: Mapped[str] = mapped_column(String(80))
    name_en: Mapped[str] = mapped_column(String(80))
    # False once the administration retires a region; kept so that old records still resolve.
    current: Mapped[bool] = mapped_column(default=True)

    def name(self, locale: str) -> str:
        return {"sv": self.name_sv, "en": self.name_en}.get(locale, self.name_fi)

    def __repr__(self) -> str:
        return f"<Region {self.code}>"
