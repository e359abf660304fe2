"""Import and export in the store admin (django-import-export), shared by every app's resources.

- The upload waits between the preview and the confirm step in the cache (Redis in
  production), so any web process can confirm it; the cache's key function puts the active
  store's schema in every key (tenants.cache.make_key), so another store can never read it.
- Imports are all or nothing: a row that fails validation or the database rolls back the
  whole file (use_transactions plus rollback_on_validation_errors), and the admin says why.
- Cells that fail to parse are row errors in plain words (money, unknown references), never
  a 500.
- Exports of people's data (orders, members, prospects) neutralise cells a spreadsheet would
  run as formulas.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import MultipleObjectsReturned, ObjectDoesNotExist, ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from import_export import resources, widgets
from import_export.admin import ExportMixin, ImportExportMixin
from import_export.formats.base_formats import CSV, JSON, TSV
from import_export.forms import ImportForm
from import_export.results import Error
from import_export.tmp_storages import CacheStorage

from shop.pricing import money_step


class ImportFileGone(Exception):
    """The confirm step names an upload this store's cache does not hold (expired, already
    imported, or uploaded to another store)."""


class StoreCacheStorage(CacheStorage):
    """The pending upload in the shared cache, under a key of the active store only."""

    CACHE_LIFETIME = 3600

    def read(self):
        data = super().read()
        if data is None:
            raise ImportFileGone(self.name)
        return data


# Widgets: a bad cell raises ValueError, which import-export reports as that field's error.


class MoneyWidget(widgets.DecimalWidget):
    """A non-negative amount with at most the platform's decimal places, kept a Decimal."""

    def clean(self, value: Any, row: dict | None = None, **kwargs) -> Decimal | None:
        if self.is_empty(value):
            return None
        text = str(value).strip()
        try:
            amount = Decimal(text)
        except InvalidOperation:
            raise ValueError(f"'{text}' is not an amount of money (write it like 12.50).") from None
        if not amount.is_finite():
            raise ValueError(f"'{text}' is not an amount of money (write it like 12.50).")
        if amount < 0:
            raise ValueError(f"{text} is negative: an amount of money must be 0 or more.")
        if amount != amount.quantize(money_step()):
            raise ValueError(
                f"{text} has more than {settings.MONEY_DECIMAL_PLACES} decimal places."
            )
        whole_digits = settings.MONEY_MAX_DIGITS - settings.MONEY_DECIMAL_PLACES
        if amount >= Decimal(10) ** whole_digits:
            raise ValueError(f"{text} is too large.")
        return amount.quantize(money_step())


class WholeNumberWidget(widgets.IntegerWidget):
    """Ids and quantities: a whole number or a clear error (never a silent 1.5 -> 1)."""

    def clean(self, value: Any, row: dict | None = None, **kwargs) -> int | None:
        if self.is_empty(value):
            return None
        text = str(value).strip()
        try:
            number = Decimal(text)
            if number != number.to_integral_value():
                raise ValueError(text)
            return super().clean(text, row, **kwargs)
        except (InvalidOperation, ValueError, OverflowError):
            raise ValueError(f"'{text}' is not a whole number.") from None


class DateTimeWidget(widgets.DateTimeWidget):
    """Store time (UTC), to the second, or to the microsecond when the value has them, so an
    exported row imports back unchanged (and is skipped)."""

    def render(self, value: Any, obj=None, **kwargs) -> Any:
        text = super().render(value, obj, **kwargs)
        if isinstance(text, str) and text and value.microsecond:
            return f"{text}.{value.microsecond:06d}"
        return text

    def clean(self, value: Any, row: dict | None = None, **kwargs):
        try:
            return super().clean(value, row, **kwargs)
        except ValueError:
            raise ValueError(
                f"'{value}' is not a date and time (write it like 2026-01-31 18:00:00)."
            ) from None


class LookupWidget(widgets.ForeignKeyWidget):
    """A reference to another row of this store by one of its fields, with a clear error."""

    def __init__(self, model, field: str = "pk", *, label: str, **kwargs) -> None:
        super().__init__(model, field, **kwargs)
        self.label = label

    def clean(self, value: Any, row: dict | None = None, **kwargs):
        try:
            return super().clean(value, row, **kwargs)
        except (ObjectDoesNotExist, ValueError, TypeError):
            raise ValueError(f"No {self.label} '{value}' in this store.") from None
        except MultipleObjectsReturned:
            raise ValueError(f"More than one {self.label} '{value}' in this store.") from None


# Resources --------------------------------------------------------------------------------


class QuietError(Error):
    """A file-level error shown to the merchant by its message, without a server traceback."""

    @property
    def traceback(self) -> str:
        return ""


class StoreResource(resources.ModelResource):
    """Imports that validate each row like the admin's forms and skip unchanged rows.

    A row naming an id that this store does not have is refused rather than created with
    that id (which would also collide with the table's sequence later).
    """

    class Meta:
        skip_unchanged = True
        # Skipped rows stay in the result: the admin numbers error lines by their position.
        report_skipped = True
        clean_model_instances = True
        use_transactions = True

    @classmethod
    def widget_from_django_field(cls, f, default=widgets.Widget):
        widget = super().widget_from_django_field(f, default)
        replacements = {
            widgets.IntegerWidget: WholeNumberWidget,
            widgets.DateTimeWidget: DateTimeWidget,
        }
        return replacements.get(widget, widget)

    def get_error_result_class(self):
        return QuietError

    def after_init_instance(self, instance, new: bool, row: dict, **kwargs) -> None:
        super().after_init_instance(instance, new, row, **kwargs)
        if new and "id" in self.get_import_id_fields() and str(row.get("id") or "").strip():
            label = self._meta.model._meta.verbose_name
            raise ValidationError(
                {"id": f"No {label} with id {row['id']} in this store: leave id empty to add one."}
            )


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


class SpreadsheetSafeResource(resources.ModelResource):
    """Export only: text a shopper typed (names, addresses) that a spreadsheet would run as a
    formula gets a leading apostrophe."""

    def export_field(self, field, instance, **kwargs):
        value = super().export_field(field, instance, **kwargs)
        if isinstance(value, str) and value.startswith(FORMULA_STARTS):
            return "'" + value
        return value

    def import_data(self, *args, **kwargs):
        raise NotImplementedError("This resource is for export only.")


# Admin mixins -------------------------------------------------------------------------------


def _import_url(modeladmin) -> str:
    opts = modeladmin.model._meta
    return reverse(
        f"admin:{opts.app_label}_{opts.model_name}_import", current_app=modeladmin.admin_site.name
    )


def _summary(result) -> str:
    """The first few problems of a failed import, in words."""
    problems = [str(error.error) for error in result.base_errors]
    problems += [f"row {row.number}: {row.errors[0].error}" for row in result.error_rows]
    for invalid in result.invalid_rows:
        words = [
            f"{name}: {' '.join(texts)}" for name, texts in invalid.field_specific_errors.items()
        ]
        words += list(invalid.non_field_specific_errors)
        problems.append(f"row {invalid.number}: {'; '.join(words)}")
    more = f" (and {len(problems) - 5} more)" if len(problems) > 5 else ""
    return "; ".join(problems[:5]) + more


# Spreadsheet-friendly text formats only: no binary parsers run on uploads.
FORMATS = [CSV, TSV, JSON]


class StoreImportForm(ImportForm):
    """An upload small enough to wait in the cache between the preview and the confirm."""

    def clean_import_file(self):
        upload = self.cleaned_data["import_file"]
        limit = settings.STORE_IMPORT_MAX_BYTES
        if upload.size > limit:
            raise ValidationError(
                f"The file is larger than {limit // 1_000_000} MB: split it into smaller files."
            )
        return upload


class StoreExportMixin(ExportMixin):
    """Export for whoever may view the rows in this admin."""

    formats = FORMATS

    def has_export_permission(self, request: HttpRequest) -> bool:
        return self.has_view_permission(request)


class StoreImportExportMixin(ImportExportMixin):
    """Import for whoever may both add and change the rows in this admin (so read-only
    admins stay read-only), export for whoever may view them."""

    formats = FORMATS
    import_form_class = StoreImportForm

    def has_import_permission(self, request: HttpRequest) -> bool:
        return self.has_add_permission(request) and self.has_change_permission(request)

    def has_export_permission(self, request: HttpRequest) -> bool:
        return self.has_view_permission(request)

    def get_import_data_kwargs(self, **kwargs) -> dict:
        kwargs = super().get_import_data_kwargs(**kwargs)
        # A row that fails validation at the confirm step undoes the rows before it too.
        kwargs["rollback_on_validation_errors"] = True
        return kwargs

    def process_import(self, request: HttpRequest, **kwargs) -> HttpResponse:
        try:
            return super().process_import(request, **kwargs)
        except ImportFileGone:
            messages.error(
                request,
                "Nothing was imported: this import's file is no longer waiting here (it "
                "expired, was already imported, or was uploaded in another store). Upload "
                "it again.",
            )
        except (ValueError, IndexError):  # a tampered format or resource choice
            messages.error(request, "Nothing was imported: upload the file again.")
        return HttpResponseRedirect(_import_url(self))

    def process_result(self, result, request: HttpRequest) -> HttpResponse:
        # The rows changed since the preview (or another admin got there first): the
        # transaction was rolled back, so say so instead of "Import finished".
        if result.has_errors() or result.has_validation_errors():
            messages.error(request, f"Nothing was imported: {_summary(result)}.")
            return HttpResponseRedirect(_import_url(self))
        return super().process_result(result, request)
