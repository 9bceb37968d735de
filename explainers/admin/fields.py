"""Form fields that show numbers as people write them."""

from decimal import Decimal

from django import forms

from explainers.figures import format_value


class ReadableDecimalInput(forms.TextInput):
    """Shows 12000000.0000 as 12,000,000; 1.5000 as 1.5."""

    def format_value(self, value):
        if isinstance(value, Decimal):
            return format_value(value)
        return super().format_value(value)


class ReadableDecimalField(forms.DecimalField):
    """A decimal typed with or without thousands separators ("12,000,000")."""

    widget = ReadableDecimalInput

    def to_python(self, value):
        if isinstance(value, str):
            value = value.replace(",", "").replace("\u202f", "").replace(" ", "")
        return super().to_python(value)

    def widget_attrs(self, widget):
        # No "step"/number type: the text input takes separators.
        return {"inputmode": "decimal"}


class StatisticInlineForm(forms.ModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "value" in self.fields:
            old = self.fields["value"]
            assert isinstance(old, forms.DecimalField)
            self.fields["value"] = ReadableDecimalField(
                required=False,
                max_digits=old.max_digits,
                decimal_places=old.decimal_places,
                label=old.label,
                help_text="Digits; separators allowed (12,000,000).",
            )
