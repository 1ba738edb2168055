#!/usr/bin/env python3
# Copyright (c) 2026 The Kata Containers in Swift Authors
# SPDX-License-Identifier: Apache-2.0
"""Tests of scripts/containerd-config.py on temporary copies of real configuration files: it adds the
handler once, removes it byte for byte, refuses what it must not change (leaving the file as it was),
and containerd itself loads what it writes."""
import contextlib
import importlib.util
import io
import os
import pathlib
import shutil
import subprocess
import tempfile
import textwrap
import tomllib
import unittest

ROOT = pathlib.Path(__file__).resolve().parent.parent.parent
SCRIPT = ROOT / "scripts" / "containerd-config.py"
SNIPPET = ROOT / "config" / "containerd" / "kata-runtime.toml"

spec = importlib.util.spec_from_file_location("containerd_config", SCRIPT)
tool = importlib.util.module_from_spec(spec)
spec.loader.exec_module(tool)

# Debian 12's /etc/containerd/config.toml, without its comments.
DEBIAN = textwrap.dedent(
    """\
    version = 2
    [plugins]
      [plugins."io.containerd.grpc.v1.cri"]
        [plugins."io.containerd.grpc.v1.cri".cni]
          bin_dir = "/usr/lib/cni"
          conf_dir = "/etc/cni/net.d"
      [plugins."io.containerd.internal.v1.opt"]
        path = "/var/lib/containerd/opt"
    """
)


class ContainerdConfigTests(unittest.TestCase):
    def setUp(self):
        self.directory = tempfile.mkdtemp(prefix="kata-containerd-config-")
        self.path = os.path.join(self.directory, "config.toml")

    def tearDown(self):
        shutil.rmtree(self.directory)

    def run_tool(self, *args, text=None):
        """Runs main() on self.path; returns (exit code, stdout, stderr)."""
        if text is not None:
            pathlib.Path(self.path).write_text(text)
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = tool.main(["--config", self.path, *args])
        return code, out.getvalue(), err.getvalue()

    def handler(self, name="kata", plugin="io.containerd.grpc.v1.cri"):
        document = tomllib.loads(pathlib.Path(self.path).read_text())
        return document["plugins"][plugin]["containerd"]["runtimes"][name]

    def test_adds_the_handler_once_and_a_second_run_changes_nothing(self):
        code, out, _ = self.run_tool(text=DEBIAN)
        self.assertEqual(code, 0, out)
        first = pathlib.Path(self.path).read_text()
        self.assertTrue(first.startswith(DEBIAN), "the user's part is kept as it was")
        kata = self.handler()
        self.assertEqual(kata["runtime_type"], "io.containerd.kata.v2")
        self.assertEqual(kata["pod_annotations"], ["io.katacontainers.*"])
        self.assertEqual(kata["options"]["ConfigPath"], tool.DEFAULT_RUNTIME_CONFIG)
        code, out, _ = self.run_tool()
        self.assertEqual(code, 0)
        self.assertIn("up to date", out)
        self.assertEqual(pathlib.Path(self.path).read_text(), first)
        self.assertEqual(self.run_tool("--check")[0], 0)

    def test_other_arguments_replace_the_block(self):
        self.run_tool(text=DEBIAN)
        self.assertEqual(self.run_tool("--check", "--runtime-config", "/etc/kata/x.toml")[0], 1)
        code, _, _ = self.run_tool("--runtime-config", "/etc/kata/x.toml")
        self.assertEqual(code, 0)
        self.assertEqual(self.handler()["options"]["ConfigPath"], "/etc/kata/x.toml")
        self.assertEqual(pathlib.Path(self.path).read_text().count(tool.BEGIN), 1)

    def test_remove_gives_back_the_file_byte_for_byte(self):
        self.run_tool(text=DEBIAN)
        code, _, _ = self.run_tool("--remove")
        self.assertEqual(code, 0)
        self.assertEqual(pathlib.Path(self.path).read_text(), DEBIAN)

    def test_a_missing_file_becomes_a_version_2_configuration(self):
        code, _, _ = self.run_tool()
        self.assertEqual(code, 0)
        self.assertEqual(tomllib.loads(pathlib.Path(self.path).read_text())["version"], 2)
        self.assertEqual(self.handler()["runtime_type"], "io.containerd.kata.v2")
        self.assertEqual(os.stat(self.path).st_mode & 0o777, 0o644)

    def test_version_3_uses_containerd_2s_cri_plugin(self):
        self.run_tool(text="version = 3\n")
        self.assertEqual(self.handler(plugin="io.containerd.cri.v1.runtime")["runtime_type"], "io.containerd.kata.v2")

    def test_refusals_name_the_file_and_leave_it_unchanged(self):
        cases = {
            "handler defined by the user": (
                DEBIAN + '[plugins."io.containerd.grpc.v1.cri".containerd.runtimes.kata]\n  runtime_type = "x"\n',
                "already defined outside",
            ),
            "version 1": ('[plugins.cri]\n  sandbox_image = "pause"\n', "configuration version 1 is not supported"),
            "not TOML": ("version = = 2\n", "not valid TOML"),
            "a block without its end": (DEBIAN + tool.BEGIN + "\n", "has no"),
        }
        for name, (text, message) in cases.items():
            with self.subTest(name):
                code, _, err = self.run_tool(text=text)
                self.assertEqual(code, 1)
                self.assertIn(self.path, err)
                self.assertIn(message, err)
                self.assertEqual(pathlib.Path(self.path).read_text(), text)

    def test_a_disabled_cri_plugin_is_warned_about(self):
        code, _, err = self.run_tool(text='version = 2\ndisabled_plugins = ["io.containerd.grpc.v1.cri"]\n')
        self.assertEqual(code, 0)
        self.assertIn("disables the CRI plugin", err)

    def test_bad_handler_names_are_refused(self):
        code, _, err = self.run_tool("--handler", "kata]", text=DEBIAN)
        self.assertEqual(code, 2)
        self.assertIn("handler 'kata]'", err)

    def test_the_shipped_snippet_is_what_the_script_writes(self):
        snippet = SNIPPET.read_text()
        self.assertTrue(snippet.endswith(tool.block(2, "kata", tool.DEFAULT_RUNTIME_CONFIG)))

    @unittest.skipUnless(shutil.which("containerd"), "containerd is not installed (scripts/deps.sh containerd)")
    def test_containerd_loads_what_it_writes(self):
        self.run_tool(text=DEBIAN)
        dump = subprocess.run(
            ["containerd", "--config", self.path, "config", "dump"], capture_output=True, text=True, check=True
        ).stdout
        section = dump.split('[plugins."io.containerd.grpc.v1.cri".containerd.runtimes.kata]', 1)
        self.assertEqual(len(section), 2, "containerd's merged configuration has the kata handler")
        self.assertIn('runtime_type = "io.containerd.kata.v2"', section[1])
        self.assertIn('ConfigPath = "/usr/share/defaults/kata-containers/configuration.toml"', section[1])


if __name__ == "__main__":
    unittest.main()
