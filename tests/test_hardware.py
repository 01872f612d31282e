"""The model's dtype follows what the CPU can do, read from its flags, never assumed."""

from __future__ import annotations

import pytest

from summarizer import device as device_module
from summarizer.device import resolve_dtype
from summarizer.errors import ConfigurationError
from summarizer.hardware import CpuInfo, cpu_info, parse_cpuinfo

# Shortened /proc/cpuinfo of three machines of the kinds CI runs on.
ZEN4 = """processor\t: 0
vendor_id\t: AuthenticAMD
model name\t: AMD EPYC 9B14
flags\t\t: fpu sse2 avx2 fma avx512f avx512_bf16 avx512_vnni

processor\t: 1
vendor_id\t: AuthenticAMD
model name\t: AMD EPYC 9B14
flags\t\t: fpu sse2 avx2 fma avx512f avx512_bf16 avx512_vnni
"""
SAPPHIRE_RAPIDS = """processor\t: 0
model name\t: Intel(R) Xeon(R) Platinum 8481C CPU @ 2.70GHz
flags\t\t: fpu avx2 fma avx512f avx512_vnni avx512_bf16 amx_bf16 amx_tile amx_int8
"""
ZEN3 = """processor\t: 0
model name\t: AMD EPYC 7B13
flags\t\t: fpu sse2 avx2 fma
"""


def test_flags_name_and_cores_are_read_from_cpuinfo():
    info = parse_cpuinfo(ZEN4)
    assert info.name == "AMD EPYC 9B14" and info.cores == 2
    assert info.has_bf16 and info.notable_flags == ("avx512_bf16", "avx512_vnni", "avx512f", "avx2", "fma")
    assert parse_cpuinfo(SAPPHIRE_RAPIDS).has_bf16
    assert not parse_cpuinfo(ZEN3).has_bf16


@pytest.mark.parametrize(("text", "expected"), [(ZEN4, "bfloat16"), (SAPPHIRE_RAPIDS, "bfloat16"), (ZEN3, "float32")])
def test_auto_dtype_on_cpu_is_bf16_only_where_the_cpu_has_it(monkeypatch, text, expected):
    monkeypatch.setattr(device_module, "cpu_info", lambda: parse_cpuinfo(text))
    assert resolve_dtype(None, "cpu") == expected
    assert resolve_dtype("auto", "cpu") == expected
    assert resolve_dtype("float32", "cpu") == "float32"  # forcing full precision always wins


def test_auto_dtype_is_half_precision_on_cuda_and_full_elsewhere(monkeypatch):
    monkeypatch.setattr(device_module, "cpu_info", lambda: parse_cpuinfo(ZEN4))
    assert resolve_dtype(None, "cuda") == resolve_dtype(None, "cuda:1") == "float16"
    assert resolve_dtype(None, "mps") == "float32"
    assert resolve_dtype("bf16", "cuda") == "bfloat16"


def test_an_unknown_dtype_is_refused_with_the_choices():
    with pytest.raises(ConfigurationError, match="float32, bfloat16"):
        resolve_dtype("int3", "cpu")


def test_this_machine_is_described():
    info = cpu_info()
    assert isinstance(info, CpuInfo) and info.name and info.cores >= 1
    assert info.has_bf16 == bool({"avx512_bf16", "amx_bf16"} & info.flags)
