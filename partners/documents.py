"""The document library of a program (issue 14, item 3): MoU and PKS, SK, TOR, reports, photos.

A `Document` is one paper of the program, or of one of its partners, with its type, date and
who may see it. Its files are `DocumentVersion`s: a new upload adds a version and keeps the old
ones, so the history of a signed agreement stays on record. Imported by `partners.models`.

Access rules live in `partners/access.py` (`visible_documents`, `can_see_document`, ...); writes
in `partners/actions.py` (`do_add_document`, `do_add_document_version`).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from core.uploads import PrivateFileField, private_upload_to


class DocumentType(models.TextChoices):
    MOU = "mou", _("Memorandum of understanding (MoU)")
    PKS = "pks", _("Cooperation agreement (PKS)")
    SK = "sk", _("Decree (SK)")
    TOR = "tor", _("Terms of reference (TOR)")
    ENDORSEMENT = "endorsement", _("Leadership endorsement letter")
    REPORT = "report", _("Report")
    PHOTO = "photo", _("Photo")
    OTHER = "other", _("Other")


# The documents each link may point to: the partnering agreement is signed as an MoU or a PKS;
# a partner's leadership endorsement (restu pimpinan) is a letter or a decree of its head.
AGREEMENT_DOCUMENT_TYPES = (DocumentType.MOU, DocumentType.PKS)
ENDORSEMENT_DOCUMENT_TYPES = (DocumentType.ENDORSEMENT, DocumentType.SK)


class DocumentVisibility(models.TextChoices):
    PROGRAM = "program", _("Everyone in the program")
    PARTNER = "partner", _("The facilitators and this partner only")


class Document(models.Model):
    """One paper in the program's library; its files are its versions (the newest is current)."""

    program = models.ForeignKey("partners.Program", on_delete=models.PROTECT, related_name="documents")
    partner = models.ForeignKey(
        "partners.ProgramPartner",
        verbose_name=_("partner"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="documents",
        help_text=_("Leave empty for a document of the whole program."),
    )
    kind = models.CharField(_("type"), max_length=20, choices=DocumentType.choices)
    title = models.CharField(_("title"), max_length=200)
    date = models.DateField(_("document date"), help_text=_("The date on the document, e.g. when it was signed."))
    visibility = models.CharField(
        _("who can see it"), max_length=10, choices=DocumentVisibility.choices, default=DocumentVisibility.PROGRAM
    )
    # The newest version, kept on the row so that a list shows it without a query per document.
    current_version = models.ForeignKey(
        "partners.DocumentVersion", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("added by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("added on"), auto_now_add=True)

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        # The program's library page lists and filters by these (partners.document_views.document_list).
        indexes = [models.Index(fields=["program", "kind", "-date"])]
        constraints = [
            models.CheckConstraint(
                name="partner_only_document_has_partner",
                condition=~Q(visibility="partner") | Q(partner__isnull=False),
            )
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("partners:document_detail", args=[self.pk])

    @property
    def is_partner_only(self):
        return self.visibility == DocumentVisibility.PARTNER


class DocumentVersion(models.Model):
    """One upload of a document. Versions are never replaced: a new upload is the next number."""

    document = models.ForeignKey(Document, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    file = PrivateFileField(_("file"), upload_to=private_upload_to("documents"), size_field="size")
    original_name = models.CharField(_("file name"), max_length=255)
    # Bytes on disk, set by PrivateFileField; the program storage quota sums it (partners/quota.py).
    size = models.PositiveIntegerField(_("size (bytes)"), default=0)
    note = models.CharField(_("note"), max_length=300, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded on"), auto_now_add=True)

    class Meta:
        ordering = ["-number"]
        verbose_name = _("document version")
        verbose_name_plural = _("document versions")
        constraints = [models.UniqueConstraint(fields=["document", "number"], name="one_row_per_document_version")]

    def __str__(self):
        return f"{self.document} v{self.number}"

    def get_absolute_url(self):
        return self.document.get_absolute_url()

    def get_download_url(self):
        return reverse("partners:document_download", args=[self.pk])


def upload_url(program_id, *, back, **preset):
    """The library's upload form, filled in with `preset` (kind, partner), coming back to `back` with the
    new document picked: the "upload the letter" shortcut of the endorsement and agreement forms."""
    query = urlencode({**preset, "next": back})
    return f"{reverse('partners:document_add', args=[program_id])}?{query}"
