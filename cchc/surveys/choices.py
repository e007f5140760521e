"""Fixed lists of the surveys app: scales, channels, the respondent profile (sipas.md §3)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class QuestionnaireKind(models.TextChoices):
    #: a satisfaction survey run as a campaign (SIPAS-like, sipas.md §2–3)
    SURVEY = "survey", _("Satisfaction survey")
    #: the citizen's rating of one dossier at the one-stop (NĐ 61/2018 Điều 31; sipas.md addendum)
    ONESTOP = "onestop", _("One-stop dossier rating")


class Scale(models.TextChoices):
    #: 5 = Rất hài lòng … 1 = Rất không hài lòng; satisfaction share = answers 4–5 over valid answers
    LIKERT5 = "likert5", _("Likert 1–5")
    #: options A–E each worth a weight in percent (e.g. A 100, B 60, C 20, D 0); score = weighted mean
    WEIGHTED = "weighted", _("Weighted options A–E")


class Channel(models.TextChoices):
    LINK = "link", _("Public link")
    QR = "qr", _("QR code")
    KIOSK = "kiosk", _("Kiosk at the counter")
    PAPER = "paper", _("Paper form keyed in by staff")


#: The official wording of the 5-point scale (sipas.md §2.3 and §3), highest first as on the form.
LIKERT_LABELS = {
    5: "Rất hài lòng",
    4: "Hài lòng",
    3: "Bình thường",
    2: "Không hài lòng",
    1: "Rất không hài lòng",
}
#: A choice is stored as 1…5: the Likert point, or the position of an option (1 = A … 5 = E).
CHOICES = (1, 2, 3, 4, 5)
LETTERS = "ABCDE"

#: The respondent profile of the 2026 ward form (sipas.md §3); "" = not given.
SEX = [("nam", "Nam"), ("nu", "Nữ")]
AGE_BANDS = [("18-24", "Từ 18–24"), ("25-34", "25–34"), ("35-49", "35–49"), ("50-60", "50–60"), ("60+", "Trên 60")]
EDUCATION = [
    ("tieu-hoc", "Tiểu học"),
    ("thcs", "THCS (Cấp II)"),
    ("thpt", "THPT (Cấp 3)"),
    ("dai-hoc", "Đại học"),
    ("nghe", "Dạy nghề, Trung cấp, Cao đẳng"),
    ("sau-dai-hoc", "Sau Đại học"),
]
PROFILE_FIELDS = {"sex": ("Giới tính", SEX), "age_band": ("Độ tuổi", AGE_BANDS), "education": ("Trình độ", EDUCATION)}
NOT_GIVEN = "Không trả lời"


def profile_label(field: str, value: str) -> str:
    return dict(PROFILE_FIELDS[field][1]).get(value, NOT_GIVEN)
