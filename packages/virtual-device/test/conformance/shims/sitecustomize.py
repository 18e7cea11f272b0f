"""Import shims for running esptool v5.0.0's test suite with Debian's Python packages.

Debian's rich-click (1.6) predates RichContext, which espefuse subclasses; plain click's
Context is what it extends. Loaded automatically because this folder is on PYTHONPATH.
"""
import click
import rich_click

if not hasattr(rich_click, "RichContext"):
    rich_click.RichContext = click.Context
