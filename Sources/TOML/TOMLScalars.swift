// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

/// TOML's number and datetime grammars, checked on a token the parser has already cut out.
enum TOMLScalars {
    /// The integer or float a token spells, or nil when it is not a valid TOML number.
    static func number(_ token: String) -> TOMLValue? {
        switch token {
        case "inf", "+inf": return .float(.infinity)
        case "-inf": return .float(-.infinity)
        case "nan", "+nan", "-nan": return .float(.nan)
        default: break
        }
        for (prefix, radix) in [("0x", 16), ("0o", 8), ("0b", 2)] where token.hasPrefix(prefix) {
            let digits = String(token.dropFirst(2))
            guard digitsWellFormed(digits, radix: radix), let value = Int64(digits.filter { $0 != "_" }, radix: radix)
            else { return nil }
            return .integer(value)
        }
        var body = Substring(token)
        if body.first == "+" || body.first == "-" { body = body.dropFirst() }
        if body.contains(where: { $0 == "." || $0 == "e" || $0 == "E" }) {
            return float(token, body: body)
        }
        guard digitsWellFormed(String(body), radix: 10), !hasLeadingZero(body),
            let value = Int64(token.filter { $0 != "_" })
        else { return nil }
        return .integer(value)
    }

    private static func float(_ token: String, body: Substring) -> TOMLValue? {
        let exponentSplit = body.split(separator: "e", maxSplits: 1, omittingEmptySubsequences: false)
            .flatMap { $0.split(separator: "E", maxSplits: 1, omittingEmptySubsequences: false) }
        guard exponentSplit.count <= 2, let mantissa = exponentSplit.first else { return nil }
        let parts = mantissa.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        guard let integral = parts.first, digitsWellFormed(String(integral), radix: 10), !hasLeadingZero(integral)
        else { return nil }
        if parts.count == 2, !digitsWellFormed(String(parts[1]), radix: 10) { return nil }
        if exponentSplit.count == 2 {
            var exponent = exponentSplit[1]
            if exponent.first == "+" || exponent.first == "-" { exponent = exponent.dropFirst() }
            guard digitsWellFormed(String(exponent), radix: 10) else { return nil }
        }
        guard let value = Double(token.filter { $0 != "_" }) else { return nil }
        return .float(value)
    }

    /// Non-empty digits of the radix, each underscore between two digits.
    private static func digitsWellFormed(_ digits: String, radix: Int) -> Bool {
        guard !digits.isEmpty else { return false }
        var previousWasDigit = false
        for character in digits {
            if character == "_" {
                guard previousWasDigit else { return false }
                previousWasDigit = false
            } else {
                guard character.isASCII, character.hexDigitValue.map({ $0 < radix }) == true else { return false }
                previousWasDigit = true
            }
        }
        return previousWasDigit
    }

    private static func hasLeadingZero(_ digits: Substring) -> Bool {
        digits.count > 1 && digits.first == "0"
    }

    /// Whether a token is an RFC 3339 date-time, local date-time, local date or local time as TOML allows.
    static func isDatetime(_ token: String) -> Bool {
        let characters = Array(token)
        if characters.count >= 10, isDate(characters[0..<10]) {
            guard characters.count > 10 else { return true }
            guard ["T", "t", " "].contains(characters[10]) else { return false }
            return isTime(characters[11...], allowOffset: true)
        }
        return isTime(characters[...], allowOffset: false)
    }

    private static func isDate(_ c: ArraySlice<Character>) -> Bool {
        let s = Array(c)
        guard s.count == 10, s[4] == "-", s[7] == "-", let month = Int(String(s[5...6])),
            let day = Int(String(s[8...9])), Int(String(s[0...3])) != nil
        else { return false }
        return (1...12).contains(month) && (1...31).contains(day) && s.allSatisfy { $0.isASCII }
    }

    private static func isTime(_ c: ArraySlice<Character>, allowOffset: Bool) -> Bool {
        var s = Array(c)
        guard s.count >= 8, s[2] == ":", s[5] == ":", let hour = Int(String(s[0...1])),
            let minute = Int(String(s[3...4])), let second = Int(String(s[6...7])),
            hour < 24, minute < 60, second <= 60
        else { return false }
        s.removeFirst(8)
        if s.first == "." {
            s.removeFirst()
            let digits = s.prefix { $0.isASCII && $0.isNumber }
            guard !digits.isEmpty else { return false }
            s.removeFirst(digits.count)
        }
        if s.isEmpty { return true }
        guard allowOffset else { return false }
        if s == ["Z"] || s == ["z"] { return true }
        guard s.count == 6, s[0] == "+" || s[0] == "-", s[3] == ":", let offsetHour = Int(String(s[1...2])),
            let offsetMinute = Int(String(s[4...5]))
        else { return false }
        return offsetHour < 24 && offsetMinute < 60
    }
}
