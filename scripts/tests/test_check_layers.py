#!/usr/bin/env python3
# Copyright (c) 2026 The Kata Containers in Swift Authors
# SPDX-License-Identifier: Apache-2.0
"""Tests of scripts/check-layers.py: each rule fires on a small fixture package (describe JSON, DESIGN.md
and a source tree in a temporary directory), naming the offender, and the clean fixture passes."""
import copy
import importlib.util
import json
import pathlib
import subprocess
import sys
import tempfile
import textwrap
import unittest

SCRIPT = pathlib.Path(__file__).resolve().parent.parent / "check-layers.py"

# (layer, target, side); the clean fixture's table.
ROWS = [
    ("0", "CKataLinux", "both"),
    ("0", "KataLinux", "both"),
    ("0", "TTRPC", "both"),
    ("1", "AgentAPI", "both"),
    ("1", "ShimAPI", "host"),
    ("1", "QEMU", "host"),
    ("2", "KataRuntime", "host"),
    ("2", "KataAgentCore", "guest"),
    ("3", "KataShim", "host"),
    ("3", "KataCLI", "host"),
    ("4", "containerd-shim-kata-v2", "host"),
    ("4", "kata-agent", "guest"),
    ("4", "kata-runtime", "host"),
    ("test support", "KataTestSupport", "tests"),
]


def target(name, deps=(), kind="library", path=None, module="SwiftTarget"):
    return {"name": name, "type": kind, "module_type": module, "path": path or f"Sources/{name}",
            "target_dependencies": list(deps)}


TARGETS = [
    target("CKataLinux", module="ClangTarget"),
    target("KataLinux", ["CKataLinux"]),
    target("TTRPC"),
    target("AgentAPI", ["TTRPC"]),
    target("ShimAPI", ["TTRPC"]),
    target("QEMU", ["KataLinux"]),
    target("KataRuntime", ["AgentAPI", "QEMU", "KataLinux"]),
    target("KataAgentCore", ["AgentAPI", "KataLinux"]),
    target("KataShim", ["KataRuntime", "ShimAPI"]),
    target("KataCLI", ["KataLinux"]),
    target("containerd-shim-kata-v2", ["KataShim"], kind="executable"),
    target("kata-agent", ["KataAgentCore"], kind="executable"),
    target("kata-runtime", ["KataCLI"], kind="executable"),
    target("KataTestSupport", ["KataRuntime", "AgentAPI"]),
    target("VMHarness", ["AgentAPI"], path="bench/VMHarness"),
    target("ttrpc-bench", ["TTRPC"], kind="executable", path="bench/ttrpc-bench"),
    target("KataRuntimeTests", ["KataRuntime", "KataTestSupport", "VMHarness"], kind="test",
           path="Tests/KataRuntimeTests"),
]

FILES = {
    "Sources/KataLinux/Syscalls.swift": "import Glibc\n",
    "Sources/KataLinux/Linux/Mount.swift": "@preconcurrency import Glibc\n",
    "Sources/TTRPC/Generated/ttrpc.pb.swift": "struct Ttrpc_Request {}\nlet s = Google_Protobuf_Any()\n",
    "Sources/AgentAPI/Generated/agent.pb.swift": "public struct Grpc_CreateContainerRequest {}\n",
    "Sources/AgentAPI/Extras.swift": "extension Grpc_CreateContainerRequest {}\n",
    "Sources/QEMU/Launch.swift": "import FoundationEssentials\nimport KataLinux\n// import Glibc\n",
    "Sources/KataRuntime/Sandbox/Sandbox.swift": textwrap.dedent('''\
        import FoundationEssentials
        /// Sends the agent a Grpc_CreateContainerRequest, built by the Wire/ adapter.
        /* A block comment /* nested */ still naming Grpc_Spec. */
        let message = "no Grpc_Spec here"
        let raw = #"a "quoted" Grpc_Spec"#
        let multi = """
            Containerd_Task_V2_CreateTaskRequest \\(count) and "quotes"
            """
        '''),
    "Sources/KataRuntime/Wire/AgentClient+Wire.swift": "let request = Grpc_CreateContainerRequest()\n",
    "Sources/KataRuntime/Generated/extra.pb.swift": "struct Grpc_Extra {}\n",
    "Sources/KataShim/TaskService.swift": "let r = Containerd_Task_V2_CreateTaskResponse()\n",
    "Sources/KataShim/TaskService+Process.swift": "let r = Runtimeoptions_V1_Options()\n",
    "Sources/KataAgentCore/AgentService+Container.swift": "let r = Grpc_CreateContainerRequest()\n",
    "Sources/KataAgentCore/Sandbox.swift": textwrap.dedent('''\
        #if canImport(FoundationEssentials)
        import FoundationEssentials
        #else
        import Foundation
        #endif
        '''),
    # Neither the shim nor the agent links KataCLI.
    "Sources/KataCLI/Env.swift": "import Foundation\n",
    "Sources/kata-agent/main.swift": "import KataAgentCore\n",
    "Tests/KataRuntimeTests/PodTests.swift": "import Foundation\nimport Glibc\nlet r = Grpc_Spec()\n",
    "bench/VMHarness/Harness.swift": "import Foundation\nimport Glibc\nlet r = Grpc_Spec()\n",
}


def design(rows):
    lines = [
        "# Design", "", "Prose may name `KataMonitor`, which is planned.", "",
        "| layer | target | side | holds |", "|---|---|---|---|",
    ]
    lines += [f"| {layer} | `{name}` | {side} | what {name} holds |" for layer, name, side in rows]
    return "\n".join(lines + ["", "After the table."]) + "\n"


def load_checker():
    spec = importlib.util.spec_from_file_location("check_layers", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class CheckLayersTests(unittest.TestCase):
    def setUp(self):
        self.rows = list(ROWS)
        self.targets = copy.deepcopy(TARGETS)
        self.files = dict(FILES)

    def dep(self, name, dep):
        next(t for t in self.targets if t["name"] == name)["target_dependencies"].append(dep)

    def run_checker(self, design_text=None):
        with tempfile.TemporaryDirectory() as directory:
            root = pathlib.Path(directory)
            for relative, text in self.files.items():
                path = root / relative
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(text)
            (root / "DESIGN.md").write_text(design(self.rows) if design_text is None else design_text)
            package = json.dumps({"name": "fixture", "targets": self.targets})
            result = subprocess.run([sys.executable, str(SCRIPT), "--root", str(root)], input=package,
                                    capture_output=True, text=True)
        self.assertEqual(result.stdout, "")
        return result.returncode, result.stderr.splitlines()

    def assertFails(self, *expected, design_text=None):
        """Runs the checker and asserts that it fails with exactly the problems that contain `expected`,
        one line each: a mutation of the clean fixture breaks one rule and nothing else."""
        code, lines = self.run_checker(design_text)
        self.assertEqual(code, 1, lines)
        self.assertEqual(len(lines), len(expected), "\n".join(lines))
        unmatched = list(lines)
        for fragment in expected:
            line = next((line for line in unmatched if fragment in line), None)
            self.assertIsNotNone(line, f"no problem says {fragment!r} in:\n" + "\n".join(lines))
            unmatched.remove(line)
        for line in lines:
            self.assertTrue(line.startswith("check-layers: "), line)

    def test_clean_fixture_passes(self):
        self.assertEqual(self.run_checker(), (0, []))

    def test_design_file_override(self):
        with tempfile.TemporaryDirectory() as directory:
            other = pathlib.Path(directory) / "OTHER.md"
            other.write_text(design(self.rows[:-1]))
            root = pathlib.Path(directory) / "root"
            root.mkdir()
            package = json.dumps({"targets": [target("KataTestSupport")]})
            result = subprocess.run([sys.executable, str(SCRIPT), "--root", str(root), "--design", str(other)],
                                    input=package, capture_output=True, text=True)
        self.assertIn("target KataTestSupport has no row in OTHER.md's layer table", result.stderr)

    # The table and the package agree.

    def test_target_without_row(self):
        self.targets.append(target("Netlink", ["KataLinux"]))
        self.assertFails("target Netlink has no row in DESIGN.md's layer table; add it as the design places it")

    def test_executable_without_row(self):
        self.targets.append(target("kata-monitor", kind="executable"))
        self.assertFails("target kata-monitor has no row in DESIGN.md's layer table")

    def test_row_without_target(self):
        self.rows.append(("1", "Netlink", "both"))
        self.assertFails(f"DESIGN.md:{6 + len(self.rows)}: target Netlink is not in Package.swift; remove the row")

    def test_row_for_bench_or_test_target(self):
        self.rows += [("1", "VMHarness", "both"), ("4", "KataRuntimeTests", "host")]
        self.assertFails("VMHarness is a bench/ target; tests and bench/ tooling have no row",
                         "KataRuntimeTests is a test target; tests and bench/ tooling have no row")

    def test_tests_and_bench_need_no_row(self):
        self.targets.append(target("NewTests", ["KataRuntime"], kind="test", path="Tests/NewTests"))
        self.targets.append(target("new-bench", ["KataRuntime"], kind="executable", path="bench/new-bench"))
        self.assertEqual(self.run_checker(), (0, []))

    def test_missing_table(self):
        self.assertFails("DESIGN.md has no `| layer | target | side | holds |` table",
                         design_text="# Design\n\n| layer | target | holds |\n|---|---|---|\n| 0 | `TTRPC` | x |\n")

    def test_malformed_rows(self):
        self.rows += [("one", "Netlink", "both"), ("1", "Cgroups", "sideways"), ("1", "TTRPC", "both"),
                      ("1", "Not A Name", "both"), ("2", "KataX", "tests")]
        self.assertFails("layer 'one' is neither a number nor 'test support'",
                         "side 'sideways' is not one of host, guest, both",
                         "target TTRPC already has a row (line 9)",
                         "'Not A Name' is not a target name; write one target per row",
                         "side 'tests' is not one of host, guest, both")

    def test_rule_target_missing_from_table(self):
        self.rows = [row for row in self.rows if row[1] != "KataLinux"]
        self.targets = [t for t in self.targets if t["name"] != "KataLinux"]
        self.files = {path: text for path, text in self.files.items() if not path.startswith("Sources/KataLinux/")}
        for t in self.targets:
            t["target_dependencies"] = [d for d in t["target_dependencies"] if d != "KataLinux"]
        self.assertFails("scripts/check-layers.py names KataLinux, which DESIGN.md's table lacks; update the rule")

    # Dependency edges.

    def test_edge_to_higher_layer(self):
        self.dep("QEMU", "KataRuntime")
        self.assertFails("QEMU (layer 1) depends on KataRuntime (layer 2); a target may depend only on lower layers")

    def test_edge_within_a_layer(self):
        self.dep("ShimAPI", "AgentAPI")
        self.assertFails("ShimAPI (layer 1) depends on AgentAPI (layer 1)")

    def test_layer_zero_swift_on_layer_zero_swift(self):
        self.dep("KataLinux", "TTRPC")
        self.assertFails("KataLinux (layer 0) depends on TTRPC (layer 0)")

    def test_layer_zero_c_exception_is_only_for_swift_on_c(self):
        self.targets.append(target("CHelper", ["CKataLinux"], module="ClangTarget"))
        self.rows.append(("0", "CHelper", "both"))
        self.assertFails("CHelper (layer 0) depends on CKataLinux (layer 0)")

    def test_test_support_from_a_library(self):
        self.dep("KataRuntime", "KataTestSupport")
        self.assertFails("KataRuntime depends on test-support target KataTestSupport; only test targets may")

    def test_test_support_from_bench(self):
        self.dep("VMHarness", "KataTestSupport")
        self.assertFails("VMHarness depends on test-support target KataTestSupport; only test targets may")

    def test_test_support_on_an_executable(self):
        self.dep("KataTestSupport", "kata-agent")
        self.assertFails("KataTestSupport depends on executable target kata-agent; test support may depend only "
                         "on library targets")

    def test_test_support_on_any_layer(self):
        self.dep("KataTestSupport", "KataShim")
        self.dep("KataTestSupport", "KataAgentCore")
        self.assertEqual(self.run_checker(), (0, []))

    def test_sources_target_on_bench(self):
        self.dep("KataRuntime", "VMHarness")
        # The shim now links the harness too, so its Foundation import counts.
        self.assertFails("KataRuntime depends on bench target VMHarness; bench/ is tooling, nothing in Sources may "
                         "depend on it",
                         "bench/VMHarness/Harness.swift:1: imports Foundation")

    def test_test_support_in_sources_on_bench(self):
        self.dep("KataTestSupport", "VMHarness")
        self.assertFails("KataTestSupport depends on bench target VMHarness")

    def test_agent_reaching_a_host_target(self):
        # Layer 2 on layer 1 is allowed; guest on host is not, for the agent's whole closure.
        self.dep("KataAgentCore", "QEMU")
        self.assertFails(
            "KataAgentCore depends on host-only target QEMU (KataAgentCore -> QEMU); the guest meets the host only "
            "at AgentAPI",
            "kata-agent depends on host-only target QEMU (kata-agent -> KataAgentCore -> QEMU); the guest meets the "
            "host only at AgentAPI")

    def test_host_reaching_a_guest_target(self):
        self.dep("KataShim", "KataAgentCore")
        self.assertFails(
            "KataShim depends on guest-only target KataAgentCore (KataShim -> KataAgentCore); the host meets the "
            "guest only at AgentAPI",
            "containerd-shim-kata-v2 depends on guest-only target KataAgentCore "
            "(containerd-shim-kata-v2 -> KataShim -> KataAgentCore)")

    def test_shared_target_reaching_a_host_target(self):
        self.dep("AgentAPI", "QEMU")
        self.assertFails(
            "AgentAPI (layer 1) depends on QEMU (layer 1)",
            "AgentAPI (side both) depends on host-only target QEMU (AgentAPI -> QEMU); a target both sides link",
            "KataAgentCore depends on host-only target QEMU (KataAgentCore -> AgentAPI -> QEMU)",
            "kata-agent depends on host-only target QEMU (kata-agent -> KataAgentCore -> AgentAPI -> QEMU)")

    # Imports.

    def test_glibc_outside_kata_linux(self):
        self.files["Sources/QEMU/Spawn.swift"] = "import KataLinux\n@preconcurrency import Glibc\n"
        self.files["Sources/KataRuntime/Musl.swift"] = "internal import Musl\n"
        self.assertFails("Sources/QEMU/Spawn.swift:2: imports libc; only KataLinux may (add a wrapper there)",
                         "Sources/KataRuntime/Musl.swift:1: imports libc; only KataLinux may")

    def test_foundation_in_the_agent(self):
        self.files["Sources/KataAgentCore/Network.swift"] = "import FoundationEssentials\npublic import Foundation\n"
        self.assertFails("Sources/KataAgentCore/Network.swift:2: imports Foundation, which the shim and agent do "
                         "not link; import FoundationEssentials")

    def test_foundation_in_the_shim_closure(self):
        self.files["Sources/QEMU/Launch.swift"] = "import Foundation // for ProcessInfo\n"
        self.assertFails("Sources/QEMU/Launch.swift:1: imports Foundation")

    def test_foundation_after_else_is_fine_but_not_after_other_lines(self):
        self.files["Sources/KataShim/Events.swift"] = "#if os(Linux)\nimport Glibc\n#endif\nimport Foundation\n"
        self.assertFails("Sources/KataShim/Events.swift:2: imports libc",
                         "Sources/KataShim/Events.swift:4: imports Foundation")

    # Generated names.

    def test_generated_name_in_domain_file(self):
        self.files["Sources/KataRuntime/Sandbox/Pod.swift"] = textwrap.dedent('''\
            // Grpc_Comment is not a use.
            let spec = Grpc_Spec()
            let mounts: [Grpc_Mount] = []
            ''')
        self.assertFails("Sources/KataRuntime/Sandbox/Pod.swift:2: uses generated name Grpc_Spec (and 1 more); "
                         "generated names stop at the service edge: convert in a Wire/ adapter or the "
                         "*Service.swift handler")

    def test_generated_name_each_prefix_and_target(self):
        self.files["Sources/KataShim/Events.swift"] = "let a = ShimAPI.Containerd_Events_TaskExit()\n"
        self.files["Sources/KataShim/Options.swift"] = "let o: Runtimeoptions_V1_Options\n"
        self.files["Sources/KataAgentCore/Any.swift"] = "let a = Google_Protobuf_Any()\n"
        self.files["Sources/kata-agent/Boot.swift"] = "let a = Grpc_Spec()\n"
        self.files["Sources/KataCLI/Exec.swift"] = "let a = Grpc_ExecProcessRequest()\n"
        self.assertFails("Sources/KataShim/Events.swift:1: uses generated name Containerd_Events_TaskExit;",
                         "Sources/KataShim/Options.swift:1: uses generated name Runtimeoptions_V1_Options;",
                         "Sources/KataAgentCore/Any.swift:1: uses generated name Google_Protobuf_Any;",
                         "Sources/kata-agent/Boot.swift:1: uses generated name Grpc_Spec;",
                         "Sources/KataCLI/Exec.swift:1: uses generated name Grpc_ExecProcessRequest;")

    def test_prefixes_of_generated_types_are_checked_too(self):
        self.files["Sources/AgentAPI/Generated/types.pb.swift"] = "public struct Types_Interface {}\n"
        self.files["Sources/ShimAPI/Generated/metrics.pb.swift"] = (
            "package final class Io_Containerd_Cgroups_V1_Metrics {}\n")
        self.files["Sources/KataRuntime/Network.swift"] = "let i = Types_Interface()\n"
        self.files["Sources/KataShim/Metrics.swift"] = "let m = Io_Containerd_Cgroups_V1_Metrics()\n"
        self.assertFails("Sources/KataRuntime/Network.swift:1: uses generated name Types_Interface;",
                         "Sources/KataShim/Metrics.swift:1: uses generated name Io_Containerd_Cgroups_V1_Metrics;")

    def test_generated_name_in_string_interpolation(self):
        self.files["Sources/KataRuntime/Log.swift"] = 'let s = "spec \\(Grpc_Spec().hostname) done"\n'
        self.assertFails("Sources/KataRuntime/Log.swift:1: uses generated name Grpc_Spec;")

    def test_service_file_names_are_exact(self):
        self.files["Sources/KataShim/ServiceRegistry.swift"] = "let r = Containerd_Task_V2_StateRequest()\n"
        self.files["Sources/KataShim/Task+Service.swift"] = "let r = Containerd_Task_V2_StateRequest()\n"
        self.files["Sources/KataShim/Wired/Events.swift"] = "let r = Containerd_Task_V2_StateRequest()\n"
        self.assertFails("Sources/KataShim/ServiceRegistry.swift:1: uses generated name",
                         "Sources/KataShim/Task+Service.swift:1: uses generated name",
                         "Sources/KataShim/Wired/Events.swift:1: uses generated name")

    def test_identifiers_not_substrings(self):
        self.files["Sources/KataRuntime/Names.swift"] = "let myGrpc_Spec = 1\nlet ok = isContainerd_\n"
        self.assertEqual(self.run_checker(), (0, []))


class CodeOnlyTests(unittest.TestCase):
    """The comment and string stripper the import and generated-name rules match against."""

    def setUp(self):
        self.code_only = load_checker().code_only

    def test_keeps_code_and_line_numbers(self):
        text = 'let a = 1 // Grpc_A\n/* Grpc_B\n /* nested */ Grpc_C */ let b = Grpc_D\n'
        stripped = self.code_only(text)
        self.assertEqual(len(stripped), len(text))
        first, second, third = stripped.splitlines()
        self.assertEqual(first.rstrip(), "let a = 1")
        self.assertEqual(second.strip(), "")
        self.assertEqual(third.strip(), "let b = Grpc_D")
        self.assertEqual(third.index("let b"), text.splitlines()[2].index("let b"))

    def test_strings(self):
        text = 'f("a \\" Grpc_A", #"raw " Grpc_B"#, """\n  Grpc_C "\n  """, Grpc_D)\n'
        stripped = self.code_only(text)
        self.assertNotIn("Grpc_A", stripped)
        self.assertNotIn("Grpc_B", stripped)
        self.assertNotIn("Grpc_C", stripped)
        self.assertIn("Grpc_D", stripped)
        self.assertEqual(stripped.count("\n"), text.count("\n"))

    def test_interpolation_is_code(self):
        stripped = self.code_only('"x \\(f(Grpc_A(), "Grpc_B")) y Grpc_C" + Grpc_D\n')
        self.assertIn("Grpc_A", stripped)
        self.assertNotIn("Grpc_B", stripped)
        self.assertNotIn("Grpc_C", stripped)
        self.assertIn("Grpc_D", stripped)

    def test_raw_string_interpolation(self):
        stripped = self.code_only('#"\\(Grpc_A) \\#(Grpc_B)"# + Grpc_C\n')
        self.assertNotIn("Grpc_A", stripped)
        self.assertIn("Grpc_B", stripped)
        self.assertIn("Grpc_C", stripped)

    def test_pound_directives_are_code(self):
        self.assertEqual(self.code_only("#if os(Linux)\n#else\n#endif\n"), "#if os(Linux)\n#else\n#endif\n")


if __name__ == "__main__":
    unittest.main()
