"""Clearance: the declaration workflow, its storage, the audit trail and duty."""
