"""Changing a control from code without its own observer reacting to the change."""

from __future__ import annotations

from typing import Any

__all__ = ["QuietUpdates"]


class QuietUpdates:
    """Mixin for apps whose observers check ``self._updating`` before acting."""

    _updating = False

    def _set(self, control: Any, value: object) -> None:
        self._updating = True
        try:
            control.value = value
        finally:
            self._updating = False
