#!/usr/bin/env python3
# Copyright (c) 2026 The Kata Containers in Swift Authors
# SPDX-License-Identifier: Apache-2.0
"""Adds (or removes) the `kata` runtime handler in containerd's configuration, idempotently.

    scripts/containerd-config.py [--config /etc/containerd/config.toml] [--handler kata]
                                 [--runtime-config /usr/share/defaults/kata-containers/configuration.toml]
                                 [--remove] [--check]

What it writes is one marked block, the same one config/containerd/kata-runtime.toml shows (as
kata-deploy adds it): the handler, runtime_type io.containerd.kata.v2, the Kata annotations that CRI
may pass to the shim, and the shim's ConfigPath. A second run with the same arguments changes
nothing; a run with other arguments replaces the block. It refuses, and changes nothing, when the
file is not TOML, is a version-1 configuration, or already defines the handler outside the block.
The result is checked by tomllib and, where containerd is installed, by `containerd config dump`
before it replaces the file (by rename, so containerd never reads half a file).
"""

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import tomllib

BEGIN = "# BEGIN kata-containers-swift runtime handler (scripts/containerd-config.py; edits here are replaced)"
END = "# END kata-containers-swift runtime handler"
# containerd 1.x (config version 2) and 2.x (version 3) keep the CRI runtimes under different plugins.
CRI_PLUGIN = {2: "io.containerd.grpc.v1.cri", 3: "io.containerd.cri.v1.runtime"}
DEFAULT_RUNTIME_CONFIG = "/usr/share/defaults/kata-containers/configuration.toml"


class ConfigError(Exception):
    """A configuration this script will not change, with the reason and the way out."""


def block(version: int, handler: str, runtime_config: str) -> str:
    """The marked block for a configuration of `version`."""
    table = f'plugins."{CRI_PLUGIN[version]}".containerd.runtimes.{handler}'
    return "\n".join(
        [
            BEGIN,
            f"[{table}]",
            '  runtime_type = "io.containerd.kata.v2"',
            # Kata's devices come from the VM, not from the host; see kata-deploy.
            "  privileged_without_host_devices = true",
            # Without these CRI drops io.katacontainers.* annotations before the shim sees them.
            '  pod_annotations = ["io.katacontainers.*"]',
            '  container_annotations = ["io.katacontainers.*"]',
            f"[{table}.options]",
            f"  ConfigPath = {toml_string(runtime_config)}",
            END,
            "",
        ]
    )


def toml_string(value: str) -> str:
    """`value` as a TOML basic string."""
    escaped = value.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"'


def without_block(text: str, path: str) -> str:
    """`text` with our marked block (and the blank line before it) removed."""
    begins = [m.start() for m in re.finditer(re.escape(BEGIN), text)]
    if not begins:
        return text
    if len(begins) > 1:
        raise ConfigError(f"{path}: the kata-containers-swift block appears {len(begins)} times; keep one")
    start = begins[0]
    end = text.find(END, start)
    if end < 0:
        raise ConfigError(f"{path}: the kata-containers-swift block has no '{END}' line; fix or remove it")
    end += len(END)
    if text[end : end + 1] == "\n":
        end += 1
    head = text[:start]
    if head.endswith("\n\n"):
        head = head[:-1]
    return head + text[end:]


def parse(text: str, path: str) -> dict:
    """The TOML document, or a `ConfigError` naming the file and the parser's complaint."""
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{path}: not valid TOML ({error}); fix it first") from None


def handlers(document: dict, version: int) -> dict:
    """The CRI runtime handlers the document defines."""
    cri = document.get("plugins", {}).get(CRI_PLUGIN[version], {})
    return cri.get("containerd", {}).get("runtimes", {})


def version_of(document: dict, path: str) -> int:
    """The configuration version (2 or 3); version 1 (no `version` key) is refused."""
    version = document.get("version", 1)
    if version not in CRI_PLUGIN:
        raise ConfigError(
            f"{path}: configuration version {version} is not supported; this script edits version 2 "
            "(containerd 1.x) and 3 (containerd 2.x) files: `containerd config default` prints a version 2 one"
        )
    return version


def updated(text: str, path: str, handler: str, runtime_config: str, remove: bool) -> str:
    """The new text of the configuration file."""
    base = without_block(text, path)
    document = parse(base, path) if base.strip() else {"version": 2}
    version = version_of(document, path) if base.strip() else 2
    if remove:
        return base
    if handler in handlers(document, version):
        raise ConfigError(
            f"{path}: runtime handler '{handler}' is already defined outside the kata-containers-swift block; "
            "remove that table or choose another name with --handler"
        )
    if not base.strip():
        base = "version = 2\n"
    if not base.endswith("\n"):
        base += "\n"
    result = base + "\n" + block(version, handler, runtime_config)
    parsed = parse(result, path + " (as it would be written)")
    defined = handlers(parsed, version).get(handler, {})
    if defined.get("runtime_type") != "io.containerd.kata.v2":
        raise ConfigError(f"{path}: the added handler '{handler}' does not read back; file left unchanged")
    return result


def containerd_accepts(text: str) -> str | None:
    """containerd's complaint about `text`, or None when it loads (or containerd is not installed)."""
    containerd = shutil.which("containerd")
    if containerd is None:
        return None
    with tempfile.NamedTemporaryFile("w", suffix=".toml") as candidate:
        candidate.write(text)
        candidate.flush()
        run = subprocess.run(
            [containerd, "--config", candidate.name, "config", "dump"], capture_output=True, text=True, timeout=60
        )
    if run.returncode == 0:
        return None
    lines = (run.stderr or run.stdout).strip().splitlines()
    return lines[-1] if lines else f"exit code {run.returncode}"


def warnings(text: str, path: str) -> list[str]:
    """Things that keep Kubernetes from using the handler although the file is right."""
    document = parse(text, path)
    disabled = document.get("disabled_plugins", [])
    out = []
    if "cri" in disabled or any(name in disabled for name in CRI_PLUGIN.values()):
        out.append(f"{path} disables the CRI plugin (disabled_plugins = {disabled}): Kubernetes cannot use it")
    return out


def write(path: str, text: str) -> None:
    """Replaces `path` by rename, keeping its mode (0644 for a new file)."""
    directory = os.path.dirname(os.path.abspath(path))
    os.makedirs(directory, exist_ok=True)
    mode = os.stat(path).st_mode & 0o7777 if os.path.exists(path) else 0o644
    descriptor, temporary = tempfile.mkstemp(dir=directory, prefix=".config.toml.")
    try:
        with os.fdopen(descriptor, "w") as out:
            out.write(text)
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException:
        os.unlink(temporary)
        raise


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--config", default="/etc/containerd/config.toml", help="containerd's configuration file")
    parser.add_argument("--handler", default="kata", help="the RuntimeClass handler name")
    parser.add_argument("--runtime-config", default=DEFAULT_RUNTIME_CONFIG, help="the shim's configuration.toml")
    parser.add_argument("--remove", action="store_true", help="remove the block instead")
    parser.add_argument("--check", action="store_true", help="only say whether the file is up to date")
    args = parser.parse_args(argv)
    if not re.fullmatch(r"[A-Za-z0-9_-]+", args.handler):
        print(f"containerd-config.py: handler '{args.handler}' must be letters, digits, '-' or '_'", file=sys.stderr)
        return 2
    try:
        text = open(args.config).read() if os.path.exists(args.config) else ""
        new = updated(text, args.config, args.handler, args.runtime_config, args.remove)
    except (ConfigError, OSError) as error:
        print(f"containerd-config.py: {error}", file=sys.stderr)
        return 1
    if new == text:
        print(f"containerd-config.py: {args.config} is up to date")
        return 0
    if args.check:
        print(f"containerd-config.py: {args.config} would change", file=sys.stderr)
        return 1
    complaint = containerd_accepts(new)
    if complaint:
        print(f"containerd-config.py: containerd refuses the result ({complaint}); {args.config} unchanged", file=sys.stderr)
        return 1
    write(args.config, new)
    action = "removed the" if args.remove else "added the"
    print(f"containerd-config.py: {action} '{args.handler}' runtime handler in {args.config}; restart containerd")
    for warning in warnings(new, args.config):
        print(f"containerd-config.py: warning: {warning}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
