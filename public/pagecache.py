"""The public pages' HTML cache, shared by every process through Django's cache (Redis when deployed).

Entries are keyed by a generation stamp that any change to what the pages show replaces (after
commit, see apps.py). Nothing is kept in process memory, so two web processes never disagree.
Whether a page may be shown at all is decided from the database on every request, never cached.
If the cache is unreachable the page is simply rendered again.
"""

import logging
import time

from django.core.cache import cache

logger = logging.getLogger(__name__)

GENERATION_KEY = "public:generation"
PAGE_TIMEOUT = 60 * 60


def _generation():
    gen = cache.get(GENERATION_KEY)
    if gen is None:
        # Never reuse an old number: a fresh stamp cannot match an entry written before the key was lost.
        cache.add(GENERATION_KEY, time.time_ns(), timeout=None)
        gen = cache.get(GENERATION_KEY)
    return gen


def bump():
    """Forget every cached public page (called after a commit that changed what they show)."""
    try:
        cache.set(GENERATION_KEY, time.time_ns(), timeout=None)
    except Exception:  # noqa: BLE001 - a cache outage must not break the write that triggered it
        logger.warning("public page cache: could not bump the generation", exc_info=True)


def cached(parts, build):
    """The text for `parts` (a tuple of str) from the cache, or `build()` stored under it."""
    try:
        key = f"public:page:{_generation()}:{':'.join(parts)}"
        text = cache.get(key)
    except Exception:  # noqa: BLE001 - the cache is an optimisation only
        logger.warning("public page cache unavailable", exc_info=True)
        return build()
    if text is None:
        text = build()
        try:
            cache.set(key, text, PAGE_TIMEOUT)
        except Exception:  # noqa: BLE001
            logger.warning("public page cache unavailable", exc_info=True)
    return text
