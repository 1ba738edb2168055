// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

/// The parameters of a kernel command line (`/proc/cmdline`), split the way the kernel's
/// `next_arg()` splits them.
///
/// Parameters are separated by whitespace; double quotes keep whitespace inside one parameter
/// (`dm-mod.create="a b"`) and are removed. A parameter is `key=value` (split at the first `=`) or a bare
/// `key`. Everything after a bare `--` belongs to init's argv and is not a kernel parameter.
package struct KernelCommandLine: Sendable, Equatable {
    /// One parameter.
    package struct Parameter: Sendable, Equatable {
        /// The part before the first `=`, or the whole word for a flag.
        package var key: String
        /// The part after the first `=` with surrounding quotes removed, or nil for a flag.
        package var value: String?

        /// Creates a parameter.
        /// - Parameters:
        ///   - key: the key.
        ///   - value: the value, or nil for a flag.
        package init(key: String, value: String?) {
            self.key = key
            self.value = value
        }
    }

    /// The parameters in command-line order; a key may appear more than once.
    package var parameters: [Parameter]

    /// Splits a command line.
    /// - Parameter text: the command line, e.g. the contents of `/proc/cmdline`.
    package init(_ text: String) {
        var parameters: [Parameter] = []
        for word in Self.words(text) {
            if word == "--" {
                break
            }
            guard let equals = word.firstIndex(of: "=") else {
                parameters.append(Parameter(key: Self.unquote(word), value: nil))
                continue
            }
            let key = Self.unquote(word[..<equals])
            parameters.append(Parameter(key: key, value: Self.unquote(word[word.index(after: equals)...])))
        }
        self.parameters = parameters
    }

    private static func words(_ text: String) -> [Substring] {
        var words: [Substring] = []
        var start: String.Index?
        var inQuote = false
        for index in text.indices {
            let character = text[index]
            if character.isWhitespace && !inQuote {
                if let begin = start {
                    words.append(text[begin..<index])
                    start = nil
                }
                continue
            }
            if start == nil {
                start = index
            }
            if character == "\"" {
                inQuote.toggle()
            }
        }
        if let begin = start {
            words.append(text[begin...])
        }
        return words
    }

    private static func unquote(_ text: Substring) -> String {
        String(text.filter { $0 != "\"" })
    }
}
