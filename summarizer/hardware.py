"""What this CPU can do, read from the operating system rather than assumed.

The embedding model runs in bfloat16 only where the CPU multiplies bf16 natively (AMX
tiles or AVX512-BF16): there it is about twice as fast as float32 with the same vectors
to 0.9999 cosine; elsewhere bf16 is emulated and slower, so float32 stays. The flags come
from ``/proc/cpuinfo`` (Linux); where it cannot be read, no feature is assumed. Reading them imports nothing heavy.
"""

from __future__ import annotations

import os
import platform
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

_CPUINFO = Path("/proc/cpuinfo")
# The flags that decide the model's dtype and kernels, in the order the benchmarks print them.
NOTABLE_FLAGS = ("amx_bf16", "amx_int8", "amx_tile", "avx512_bf16", "avx512_vnni", "avx512f", "avx2", "fma")
BF16_FLAGS = frozenset({"amx_bf16", "avx512_bf16"})


@dataclass(frozen=True, slots=True)
class CpuInfo:
    """The CPU's model name, logical core count and feature flags (lower case, as Linux names them)."""

    name: str
    cores: int
    flags: frozenset[str]

    @property
    def has_bf16(self) -> bool:
        """Native bf16 matrix arithmetic: AMX tiles or AVX512-BF16."""
        return bool(self.flags & BF16_FLAGS)

    @property
    def notable_flags(self) -> tuple[str, ...]:
        """The flags that matter for the model's speed, present on this CPU."""
        return tuple(flag for flag in NOTABLE_FLAGS if flag in self.flags)


def parse_cpuinfo(text: str) -> CpuInfo:
    """A CpuInfo from the text of ``/proc/cpuinfo`` (the first processor's model name and flags)."""
    name, flags, cores = "", frozenset[str](), 0
    for line in text.splitlines():
        key, _, value = line.partition(":")
        key = key.strip()
        if key == "processor":
            cores += 1
        elif key == "model name" and not name:
            name = value.strip()
        elif key in ("flags", "Features") and not flags:  # "Features" on ARM
            flags = frozenset(value.split())
    return CpuInfo(name or platform.processor() or platform.machine(), max(cores, 1), flags)


@lru_cache(maxsize=1)
def cpu_info() -> CpuInfo:
    """This machine's CPU, read once per process."""
    try:
        return parse_cpuinfo(_CPUINFO.read_text(encoding="utf-8", errors="replace"))
    except OSError:  # not Linux: no flag is assumed, so the model stays in float32
        return CpuInfo(platform.processor() or platform.machine(), os.cpu_count() or 1, frozenset())
