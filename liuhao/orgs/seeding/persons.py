"""Person rows of one university: teachers, staff, retirees and students with plausible ages,
flags and unique staff or student numbers.

Numbers: staff-like persons get hire year + 4-digit sequence (8 digits, e.g. 20120037); students get
cohort + college number + level digit (1 undergraduate, 2 master, 3 doctoral) + 4-digit sequence
(11 digits, e.g. 20220310042). The two forms differ in length, so they never collide.
"""

from __future__ import annotations

import datetime as dt
import functools
import random
from collections import Counter
from dataclasses import dataclass

from liuhao.orgs.choices import Gender, PersonCategory
from liuhao.orgs.models import Person
from liuhao.orgs.seeding.names import NameGenerator
from liuhao.orgs.seeding.registry import UniversityContext
from liuhao.orgs.seeding.stages import randint

PERSON_COLUMNS = (
    "id",
    "university_id",
    "unit_id",
    "number",
    "name",
    "name_pinyin",
    "name_initials",
    "category",
    "gender",
    "birth_date",
    "young_teacher",
    "academic_leader",
    "returnee",
    "left_on",
    "user_id",
)
YEAR = 365.25
MALE, FEMALE = Gender.MALE, Gender.FEMALE
YOUNG_TEACHER_AGE = 40  # 青年教师: under 40, the usual cut-off of university talent programmes
LEVEL_DIGIT = {"undergraduate": 1, "master": 2, "phd": 3}
ENTRY_AGE = {"undergraduate": 18.0, "master": 22.0, "phd": 25.0}
BIRTH_SPREAD = {"undergraduate": 540, "master": 1100, "phd": 1500}  # days


@dataclass(slots=True)
class Who:
    """What membership and position generation needs to know about a generated person."""

    id: int
    category: str
    birth: int  # ordinal
    entry: int  # hire or enrolment date (ordinal)
    unit_id: int


class PersonMaker:
    """Creates person rows for one university with its own random stream and number counters."""

    def __init__(self, ctx: UniversityContext, rng: random.Random) -> None:
        self.ctx = ctx
        self.rng = rng
        self.random = rng.random
        self.names = NameGenerator(rng)
        self.take = ctx.ids.take
        self.day = ctx.writer.date
        self.university_id = ctx.university_id
        self.today = ctx.today.toordinal()
        self.year = ctx.today.year
        self.table = ctx.writer.table(Person, PERSON_COLUMNS)
        self.staff_seq: Counter[int] = Counter()
        self.student_seq: Counter[tuple[int, int, int]] = Counter()
        self.count = 0

    def _add(
        self,
        category: str,
        unit_id: int,
        number: str,
        birth: int,
        entry: int,
        *,
        young: bool = False,
        leader: bool = False,
        returnee: bool = False,
        left_on: int | None = None,
        male_share: float = 0.5,
    ) -> Who:
        pk = self.take(Person)
        gender = MALE if self.random() < male_share else FEMALE
        birth_year = dt.date.fromordinal(birth).year
        name, pinyin, initials = self.names.person_name(gender, birth_year)
        day = self.day
        self.table.append(
            (
                pk,
                self.university_id,
                unit_id,
                number,
                name,
                pinyin,
                initials,
                category,
                gender,
                day(birth),
                young,
                leader,
                returnee,
                day(left_on),
                None,
            )
        )
        self.count += 1
        return Who(pk, category, birth, entry, unit_id)

    def _staff_number(self, entry: int) -> str:
        hire_year = dt.date.fromordinal(entry).year
        self.staff_seq[hire_year] += 1
        return f"{hire_year}{self.staff_seq[hire_year]:04d}"

    def teacher(self, unit_id: int, *, max_age: int = 62, min_age: int = 27) -> Who:
        rng = self.rng
        age = rng.triangular(min_age, max_age, min(max(40, min_age), max_age))
        birth = self.today - int(age * YEAR) - randint(rng, 0, 364)
        entry = min(birth + int(rng.uniform(26.5, 33) * YEAR), self.today - 30)
        years = (self.today - birth) / YEAR
        return self._add(
            PersonCategory.TEACHER,
            unit_id,
            self._staff_number(entry),
            birth,
            entry,
            young=years < YOUNG_TEACHER_AGE,
            leader=years >= 42 and rng.random() < 0.15,
            returnee=rng.random() < (0.2 if years < 50 else 0.08),
            male_share=0.55,
        )

    def staff(self, unit_id: int, *, max_age: int = 59, min_age: int = 24) -> Who:
        rng = self.rng
        birth = self.today - int(rng.uniform(min_age, max_age) * YEAR)
        entry = min(birth + int(rng.uniform(22.5, 28) * YEAR), self.today - 30)
        return self._add(
            PersonCategory.STAFF,
            unit_id,
            self._staff_number(entry),
            birth,
            entry,
            returnee=rng.random() < 0.03,
        )

    def retired(self, unit_id: int) -> Who:
        rng = self.rng
        birth = self.today - int(rng.triangular(61, 90, 68) * YEAR)
        entry = birth + int(rng.uniform(22, 28) * YEAR)
        return self._add(
            PersonCategory.RETIRED,
            unit_id,
            self._staff_number(entry),
            birth,
            entry,
            male_share=0.55,
        )

    def student(
        self, unit_id: int, college_no: int, level: str, grade: int, *, left_on: int | None = None
    ) -> Who:
        rng = self.rng
        entry = self._sept_first(grade)
        birth = entry - int(ENTRY_AGE[level] * YEAR) - randint(rng, 0, BIRTH_SPREAD[level])
        key = (grade, college_no, LEVEL_DIGIT[level])
        self.student_seq[key] += 1
        number = f"{grade}{college_no:02d}{LEVEL_DIGIT[level]}{self.student_seq[key]:04d}"
        return self._add(PersonCategory.STUDENT, unit_id, number, birth, entry, left_on=left_on)

    def _sept_first(self, year: int) -> int:
        return _sept_first(year)


@functools.cache
def _sept_first(year: int) -> int:
    return dt.date(year, 9, 1).toordinal()
