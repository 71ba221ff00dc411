"""Where each key and value of a map file stands: data paths to 1-based lines and columns."""

from __future__ import annotations

from dataclasses import dataclass, field

#: A data path such as ("claims", "x", "supports", 0).
Path = tuple[str | int, ...]


@dataclass
class Positions:
    """Where each key and value of the parsed data stands in the file."""

    values: dict[Path, tuple[int, int]] = field(default_factory=dict)
    keys: dict[Path, tuple[int, int]] = field(default_factory=dict)

    def of_value(self, path: Path) -> tuple[int, int]:
        """Position of the value at ``path``, or of its nearest known ancestor."""
        return self._nearest(path, self.values)

    def of_key(self, path: Path) -> tuple[int, int]:
        """Position of the key that names ``path`` (falls back to the value)."""
        if path in self.keys:
            return self.keys[path]
        return self._nearest(path, self.values)

    def _nearest(self, path: Path, table: dict[Path, tuple[int, int]]) -> tuple[int, int]:
        for cut in range(len(path), -1, -1):
            prefix = path[:cut]
            if prefix in table:
                return table[prefix]
            if prefix in self.keys:
                return self.keys[prefix]
        return (1, 1)
