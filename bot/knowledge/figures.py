"""What an alert message shows about its incident, read from the stored events when the message
is rendered: the window's count and share, the codes it was seen as, samples and caller IDs."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Sample:
    """One recent call of the incident, enough to link it to the provider's call log."""

    provider: str
    call_id: str


@dataclass(frozen=True)
class Figures:
    window_minutes: int
    count: int  # calls of this incident in the window
    total: int  # calls of the same providers in the window
    providers: tuple[str, ...] = ()  # provider ids seen, most calls first
    by_code: dict[str, int] = field(default_factory=dict)  # "plivo:3130" -> calls in the window
    samples: tuple[Sample, ...] = ()  # newest first
    callers: tuple[tuple[str, int], ...] = ()  # From numbers (caller IDs) with their calls
    accounts: tuple[str, ...] = ()  # provider accounts the calls came from, when known
    since_opened: int = 0  # every call counted into the incident since it opened

    @property
    def share(self) -> float | None:
        return self.count / self.total if self.total else None

    @property
    def per_minute(self) -> float:
        return self.count / self.window_minutes if self.window_minutes else 0.0
