// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

/// A TOML 1.0 parser that keeps the location of every key, so errors and warnings can point at file:line:column.
package struct TOMLParser {
    /// The UTF-8 text; every TOML delimiter is ASCII, so bytes are enough.
    let bytes: [UInt8]
    /// The file name used in locations.
    let file: String
    /// Byte offset of the next unread character.
    var position = 0
    /// Byte offsets where each line starts, for turning offsets into line:column.
    let lineStarts: [Int]
    /// The document being built.
    var root = TOMLTable(origin: .root)
    /// Header path of the table that key/value lines go into.
    var currentPath: [Key] = []

    /// One part of a dotted key with its location.
    struct Key {
        var name: String
        var location: TOMLLocation
    }

    /// Parses a whole document.
    /// - Parameters:
    ///   - text: the document.
    ///   - file: the name locations give, usually the path the text was read from.
    /// - Returns: the root table, keys in source order, each node with the location of its key.
    /// - Throws: ``TOMLParser/Error`` at the first syntax error or redefinition.
    package static func parse(_ text: String, file: String) throws(Error) -> TOMLTable {
        var parser = TOMLParser(bytes: Array(text.utf8), file: file)
        try parser.parseDocument()
        return parser.root
    }

    init(bytes: [UInt8], file: String) {
        self.bytes = bytes
        self.file = file
        var starts = [0]
        for (index, byte) in bytes.enumerated() where byte == UInt8(ascii: "\n") { starts.append(index + 1) }
        self.lineStarts = starts
    }

    // MARK: Document structure

    mutating func parseDocument() throws(Error) {
        while true {
            try skipBlankLines()
            guard let byte = peek() else { return }
            if byte == UInt8(ascii: "[") {
                try parseHeader()
            } else {
                let keys = try parseKey()
                try expect("=", after: "key \(dotted(keys))")
                skipSpaces()
                let value = try parseValue(for: keys)
                try Self.insert(value, at: keys[...], into: &root, under: currentPath[...])
            }
            try expectLineEnd()
        }
    }

    mutating func parseHeader() throws(Error) {
        let start = location()
        position += 1
        let isArray = peek() == UInt8(ascii: "[")
        if isArray { position += 1 }
        let keys = try parseKey()
        let closing = isArray ? "]]" : "]"
        for character in closing.utf8 {
            guard peek() == character else {
                throw error("expected '\(closing)' to close the table header [\(dotted(keys))]")
            }
            position += 1
        }
        try Self.define(keys[...], isArray: isArray, at: start, in: &root, fullName: dotted(keys))
        currentPath = keys
    }

    /// Creates the table (or appends the array-of-tables element) a header names.
    static func define(
        _ keys: ArraySlice<Key>, isArray: Bool, at start: TOMLLocation, in table: inout TOMLTable, fullName: String
    ) throws(Error) {
        guard let key = keys.first else { return }
        if keys.count == 1 {
            guard let existing = table[key.name] else {
                let header = TOMLNode(.table(TOMLTable(origin: .header)), at: start)
                table[key.name] = isArray ? TOMLNode(.array([header], isTableArray: true), at: start) : header
                return
            }
            switch existing.value {
            case .array(var items, isTableArray: true) where isArray:
                items.append(TOMLNode(.table(TOMLTable(origin: .header)), at: start))
                table[key.name] = TOMLNode(.array(items, isTableArray: true), at: existing.location)
            case .table(var sub) where !isArray && sub.origin == .implicit:
                sub.origin = .header
                table[key.name] = TOMLNode(.table(sub), at: start)
            default:
                throw .tableRedefined(header: fullName, isArray: isArray, at: start, previous: existing.location)
            }
            return
        }
        try descend(into: key, of: &table, at: start, fullName: fullName) {
            (sub: inout TOMLTable) throws(Error) in
            try define(keys.dropFirst(), isArray: isArray, at: start, in: &sub, fullName: fullName)
        }
    }

    /// Sets a key/value line's value, creating the tables its dotted key implies.
    static func insert(
        _ value: TOMLValue, at keys: ArraySlice<Key>, into table: inout TOMLTable, under path: ArraySlice<Key>
    ) throws(Error) {
        if let head = path.first {
            try descend(into: head, of: &table, at: head.location, fullName: head.name) {
                (sub: inout TOMLTable) throws(Error) in
                try insert(value, at: keys, into: &sub, under: path.dropFirst())
            }
            return
        }
        guard let key = keys.first else { return }
        if keys.count == 1 {
            if let existing = table[key.name] {
                throw .duplicateKey(key.name, at: key.location, previous: existing.location)
            }
            table[key.name] = TOMLNode(value, at: key.location)
            return
        }
        if let existing = table[key.name] {
            guard case .table(let sub) = existing.value, sub.origin == .dotted else {
                throw .dottedKeyIntoDefinedTable(key.name, at: key.location, previous: existing.location)
            }
        } else {
            table[key.name] = TOMLNode(.table(TOMLTable(origin: .dotted)), at: key.location)
        }
        try descend(into: key, of: &table, at: key.location, fullName: key.name) {
            (sub: inout TOMLTable) throws(Error) in
            try insert(value, at: keys.dropFirst(), into: &sub, under: [])
        }
    }

    /// Runs `body` on the table at `key`, or on the last element when it is an array of tables.
    static func descend(
        into key: Key, of table: inout TOMLTable, at start: TOMLLocation, fullName: String,
        _ body: (inout TOMLTable) throws(Error) -> Void
    ) throws(Error) {
        guard let existing = table[key.name] else {
            var sub = TOMLTable(origin: .implicit)
            try body(&sub)
            table[key.name] = TOMLNode(.table(sub), at: key.location)
            return
        }
        switch existing.value {
        case .table(var sub) where sub.origin != .inline:
            try body(&sub)
            table[key.name] = TOMLNode(.table(sub), at: existing.location)
        case .array(var items, isTableArray: true):
            guard case .table(var last)? = items.last?.value, let lastLocation = items.last?.location else { return }
            try body(&last)
            items[items.count - 1] = TOMLNode(.table(last), at: lastLocation)
            table[key.name] = TOMLNode(.array(items, isTableArray: true), at: existing.location)
        default:
            throw .notATable(
                key.name, fullKey: fullName, kind: existing.value.typeNameWithArticle, at: start,
                previous: existing.location)
        }
    }

    // MARK: Keys

    mutating func parseKey() throws(Error) -> [Key] {
        var keys: [Key] = []
        repeat {
            skipSpaces()
            let start = location()
            guard let byte = peek() else { throw error("expected a key, found the end of the file") }
            if byte == UInt8(ascii: "\"") {
                if lookingAt("\"\"\"") { throw error("a key cannot be a multi-line string") }
                keys.append(Key(name: try parseBasicString(), location: start))
            } else if byte == UInt8(ascii: "'") {
                if lookingAt("'''") { throw error("a key cannot be a multi-line string") }
                keys.append(Key(name: try parseLiteralString(), location: start))
            } else if TOMLSyntax.isBareKeyByte(byte) {
                let begin = position
                while let next = peek(), TOMLSyntax.isBareKeyByte(next) { position += 1 }
                keys.append(Key(name: String(decoding: bytes[begin..<position], as: UTF8.self), location: start))
            } else {
                throw error("expected a key (letters, digits, '_', '-' or a quoted string), found \(describe(byte))")
            }
            skipSpaces()
        } while consume(".")
        return keys
    }

    func dotted(_ keys: [Key]) -> String { keys.map(\.name).joined(separator: ".") }

    // MARK: Lexing helpers

    func peek(_ offset: Int = 0) -> UInt8? {
        position + offset < bytes.count ? bytes[position + offset] : nil
    }

    func lookingAt(_ text: String) -> Bool {
        var offset = 0
        for character in text.utf8 {
            guard peek(offset) == character else { return false }
            offset += 1
        }
        return true
    }

    mutating func consume(_ text: String) -> Bool {
        guard lookingAt(text) else { return false }
        position += text.utf8.count
        return true
    }

    mutating func expect(_ text: String, after context: String) throws(Error) {
        skipSpaces()
        guard consume(text) else {
            let found = peek().map(describe) ?? "the end of the file"
            throw error("expected '\(text)' after \(context), found \(found)")
        }
    }

    mutating func skipSpaces() {
        while let byte = peek(), byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") { position += 1 }
    }

    /// Skips a comment if one starts here; comments may not hold control characters.
    mutating func skipComment() throws(Error) {
        guard peek() == UInt8(ascii: "#") else { return }
        while let byte = peek(), byte != UInt8(ascii: "\n") {
            if byte == UInt8(ascii: "\r"), peek(1) == UInt8(ascii: "\n") { return }
            if TOMLSyntax.isForbiddenControl(byte) { throw error("control character \(describe(byte)) in a comment") }
            position += 1
        }
    }

    /// Consumes a newline (LF or CRLF) and reports whether there was one.
    mutating func consumeNewline() -> Bool {
        consume("\n") || consume("\r\n")
    }

    /// Skips spaces, comments and newlines: the gaps between statements and array elements.
    mutating func skipBlankLines() throws(Error) {
        while true {
            skipSpaces()
            try skipComment()
            if !consumeNewline() { return }
        }
    }

    mutating func expectLineEnd() throws(Error) {
        skipSpaces()
        try skipComment()
        guard peek() == nil || consumeNewline() else {
            throw error("expected a newline or a comment after the value, found \(describe(peek() ?? 0))")
        }
    }

    func describe(_ byte: UInt8) -> String {
        if byte >= 0x21 && byte < 0x7F { return "'\(Character(Unicode.Scalar(byte)))'" }
        if byte == UInt8(ascii: "\n") { return "a newline" }
        if byte == UInt8(ascii: " ") { return "a space" }
        return byte < 0x80 ? "byte 0x\(String(byte, radix: 16))" : "a non-ASCII character"
    }

    func location(at offset: Int? = nil) -> TOMLLocation {
        let target = offset ?? position
        var low = 0
        var high = lineStarts.count - 1
        while low < high {
            let middle = (low + high + 1) / 2
            if lineStarts[middle] <= target { low = middle } else { high = middle - 1 }
        }
        return TOMLLocation(file: file, line: low + 1, column: target - lineStarts[low] + 1)
    }

    func error(_ message: String, at offset: Int? = nil) -> Error {
        .syntax(message, at: location(at: offset))
    }
}
