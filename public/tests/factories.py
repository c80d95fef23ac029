from public.actions import do_agree_public_page, do_publish_program


def publish_with_consent(cast):
    """The cast's program, published by its facilitator and agreed by both partners' leads."""
    page = do_publish_program(cast.fasilitator, cast.program)
    do_agree_public_page(cast.lead_a, cast.partner_a)
    do_agree_public_page(cast.lead_b, cast.partner_b)
    return page
