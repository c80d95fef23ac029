"""Form fields shared by every app."""

from django import forms

# The largest id a BIGINT primary key can hold (PostgreSQL bigint, SQLite INTEGER).
MAX_ID = 2**63 - 1


class BoundedModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """A multiple choice of rows that refuses ids no database column can hold.

    Django already turns an out-of-range id into "not one of the choices" for single
    choices, but a multiple choice filters with `pk__in`, and SQLite's driver raises
    OverflowError (a 500) for integers past 64 bits. Use this for every many-to-many
    form field (ModelForms: `Meta.field_classes`).
    """

    def _check_values(self, value):
        if self.to_field_name is None:
            for pk in value:
                try:
                    number = int(str(pk))
                except (TypeError, ValueError):
                    continue  # Django's own check reports non-numeric ids.
                if not -MAX_ID - 1 <= number <= MAX_ID:
                    raise forms.ValidationError(
                        self.error_messages["invalid_pk_value"], code="invalid_pk_value", params={"pk": pk}
                    )
        return super()._check_values(value)
