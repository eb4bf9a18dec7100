"""Stable identities for findings: rule plus the identity and value of each claim, never lines."""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .models import Finding


def fingerprint_finding(finding: Finding) -> str:
    """Hash of the rule and the sorted (uid, text, value) of its claims."""
    parts = sorted([f"{c.article}#{c.id}={c.text}={c.value}" for c in finding.claims])  # c.uid, written out
    digest = hashlib.sha256("\x1f".join([finding.rule, *parts]).encode("utf-8")).hexdigest()
    return digest[:16]
