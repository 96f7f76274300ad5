"""Input problems that name where they are and what was found, as a code and parameters.

The engine is pure and speaks no language: a :class:`Problem` is a :class:`Code` with the values
that fill its message (a criterion, a number, a name from the file). The people who read it get it
in their language at the edge: :mod:`prioritet.core.messages` holds one English message (a gettext
msgid) per code, translated to bokmål and nynorsk in the project catalogue, and the web page and the
command line each render it with their own translation and number format.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum

from .criteria import Criterion

#: What a message may be filled with. A :class:`Criterion` is shown by its name in the reader's
#: language, a float as an amount in the reader's number format, a tuple as a list.
Param = str | int | float | Criterion | tuple[str, ...]


class Code(StrEnum):
    """Every problem the engine, the file reader and the command line report (the value is stable:
    it is what a log or a test names)."""

    NO_MEASURES = "no_measures"
    ID_MISSING = "id_missing"
    ID_DUPLICATE = "id_duplicate"
    SCORE_OUT_OF_SCALE = "score_out_of_scale"
    RESOURCE_NEGATIVE = "resource_negative"
    REQUIRES_ITSELF = "requires_itself"
    REQUIRES_UNKNOWN = "requires_unknown"
    BASELINE_MORE_THAN_ONE = "baseline_more_than_one"
    BASELINE_MANDATORY = "baseline_mandatory"
    BASELINE_REQUIRED = "baseline_required"
    UNKNOWN_RESOURCE_COLUMN = "unknown_resource_column"
    NO_RESOURCE_COLUMNS = "no_resource_columns"
    RESOURCES_WEIGHT_WITH_BUDGET = "resources_weight_with_budget"
    MANDATORY_IN_ONE_GROUP = "mandatory_in_one_group"
    BUDGET_NEGATIVE = "budget_negative"
    MANDATORY_EXCEED_BUDGET = "mandatory_exceed_budget"
    BUDGET_SHORTFALL = "budget_shortfall"
    NO_FEASIBLE_SELECTION = "no_feasible_selection"
    RANGE_STEPS = "range_steps"
    RANGE_ORDER = "range_order"
    RANGE_AND_FIXED = "range_and_fixed"
    RANGE_STEPS_DIFFER = "range_steps_differ"
    RANGE_MISSING = "range_missing"
    SAMPLES_TOO_FEW = "samples_too_few"
    RESOURCES_SPACE_WITH_BUDGET = "resources_space_with_budget"
    UNKNOWN_CRITERION = "unknown_criterion"
    WEIGHT_FORM = "weight_form"
    WEIGHT_TWICE = "weight_twice"
    WEIGHT_NOT_NUMBER = "weight_not_number"
    WEIGHT_NEGATIVE = "weight_negative"
    WEIGHTS_ALL_ZERO = "weights_all_zero"
    BOUND_UNUSED = "bound_unused"
    BOUND_RANGE = "bound_range"
    ORDER_UNUSED = "order_unused"
    ORDER_AFTER_ZERO = "order_after_zero"
    ALL_BOUNDED_TO_ZERO = "all_bounded_to_zero"
    ORDER_REPEATED = "order_repeated"
    WEIGHT_SPACE_EMPTY = "weight_space_empty"
    BOUND_FORM = "bound_form"
    SWING_POINTS_NEGATIVE = "swing_points_negative"
    SWING_ALL_ZERO = "swing_all_zero"
    ANSWER_PROFILE_LENGTH = "answer_profile_length"
    ANSWER_SCORE = "answer_score"
    ANSWER_IDENTICAL = "answer_identical"
    NO_ANSWERS = "no_answers"
    QUESTION_COUNT = "question_count"
    FILE_NOT_FOUND = "file_not_found"
    FILE_IS_DIRECTORY = "file_is_directory"
    FILE_PERMISSION = "file_permission"
    FILE_UNREADABLE = "file_unreadable"
    FILE_TYPE_UNKNOWN = "file_type_unknown"
    FILE_TYPE_MISSING = "file_type_missing"
    FILE_EMPTY = "file_empty"
    TOO_MANY_COLUMNS = "too_many_columns"
    TOO_MANY_ROWS = "too_many_rows"
    NOT_A_TEXT_FILE = "not_a_text_file"
    INVALID_UTF8 = "invalid_utf8"
    UNKNOWN_ENCODING = "unknown_encoding"
    INVALID_CSV = "invalid_csv"
    INVALID_XLSX = "invalid_xlsx"
    WORKBOOK_TOO_LARGE = "workbook_too_large"
    COLUMN_WITHOUT_HEADER = "column_without_header"
    COLUMN_DUPLICATE = "column_duplicate"
    COLUMN_MISSING = "column_missing"
    SCORE_MISSING = "score_missing"
    SCORE_CELL_INVALID = "score_cell_invalid"
    AMOUNT_INVALID = "amount_invalid"
    AMOUNT_USE_DECIMAL_COMMA = "amount_use_decimal_comma"
    AMOUNT_USE_DECIMAL_POINT = "amount_use_decimal_point"
    FLAG_INVALID = "flag_invalid"
    BASELINE_FLAG_INVALID = "baseline_flag_invalid"
    INVALID_CHOICE = "invalid_choice"
    BUDGET_REQUIRED = "budget_required"
    BUDGET_RANGE_REQUIRED = "budget_range_required"
    BUDGET_FORM = "budget_form"
    BUDGET_RANGE_FORM = "budget_range_form"
    RANGE_FORM = "range_form"
    BUDGET_TWICE = "budget_twice"
    AMOUNT_NOT_NUMBER = "amount_not_number"
    STEPS_NOT_INTEGER = "steps_not_integer"
    RANGE_FROM_NOT_BELOW_TO = "range_from_not_below_to"
    PROJECTION_YEARS = "projection_years"
    PROJECTION_POPULATION = "projection_population"
    PROJECTION_RATE = "projection_rate"
    PROJECTION_UNIT = "projection_unit"
    PROJECTION_ADJUSTMENT = "projection_adjustment"
    PLAN_YEARS = "plan_years"
    PLAN_YEARS_FORM = "plan_years_form"
    PLAN_BUDGET_LENGTH = "plan_budget_length"
    PLAN_BUDGET_INVALID = "plan_budget_invalid"
    PLAN_AMOUNT_INVALID = "plan_amount_invalid"
    PLAN_REQUIRED_TOO_LATE = "plan_required_too_late"
    PLAN_MANDATORY_SHORTFALL = "plan_mandatory_shortfall"
    EARLIEST_INVALID = "earliest_invalid"
    FIRST_WITHOUT_COLUMN = "first_without_column"


@dataclass(frozen=True, slots=True)
class Problem:
    """One problem with the input.

    ``row`` is the 1-based line in the source file (the header is row 1), or None for problems that
    concern the whole input (an unknown budget column, say).
    """

    code: Code
    params: Mapping[str, Param] = field(default_factory=dict)
    row: int | None = None
    column: str | None = None
    source: str | None = None

    def __str__(self) -> str:
        """Language-free, for logs and tracebacks; people read :mod:`prioritet.core.messages`."""
        where = [
            *([self.source] if self.source else []),
            *([f"row {self.row}"] if self.row is not None else []),
            *([f"column {self.column!r}"] if self.column else []),
        ]
        what = f"{self.code.value} {dict(self.params)}" if self.params else self.code.value
        return f"{', '.join(where)}: {what}" if where else what


class InputError(ValueError):
    """Raised with every problem found, not just the first, so a user can fix a file in one go."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems: tuple[Problem, ...] = tuple(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


class InfeasibleError(ValueError):
    """The constraints cannot all be met. ``problems`` say why (with the shortfall of each budget
    when the mandatory measures do not fit); ``shortfall`` says by how much each budget is short."""

    def __init__(self, problems: Iterable[Problem], shortfall: dict[str, float] | None = None) -> None:
        self.problems: tuple[Problem, ...] = tuple(problems)
        self.shortfall = dict(shortfall or {})
        super().__init__("\n".join(str(p) for p in self.problems))
