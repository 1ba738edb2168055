// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

extension Linux.Resources {
    /// `blockIO`: blkio / io controller weights and throttles.
    public struct BlockIO: Codable, Sendable, Equatable {
        /// `weight`: 10 to 1000.
        public var weight: UInt16?
        /// `leafWeight`: 10 to 1000.
        public var leafWeight: UInt16?
        /// `weightDevice`: per-device weights.
        public var weightDevice: [WeightDevice]?
        /// `throttleReadBpsDevice`: read bytes per second per device.
        public var throttleReadBpsDevice: [ThrottleDevice]?
        /// `throttleWriteBpsDevice`: write bytes per second per device.
        public var throttleWriteBpsDevice: [ThrottleDevice]?
        /// `throttleReadIOPSDevice`: read operations per second per device.
        public var throttleReadIOPSDevice: [ThrottleDevice]?
        /// `throttleWriteIOPSDevice`: write operations per second per device.
        public var throttleWriteIOPSDevice: [ThrottleDevice]?

        /// Block I/O settings.
        /// - Parameters:
        ///   - weight: the weight.
        ///   - leafWeight: the leaf weight.
        ///   - weightDevice: per-device weights.
        ///   - throttleReadBpsDevice: read bandwidth limits.
        ///   - throttleWriteBpsDevice: write bandwidth limits.
        ///   - throttleReadIOPSDevice: read IOPS limits.
        ///   - throttleWriteIOPSDevice: write IOPS limits.
        public init(
            weight: UInt16? = nil, leafWeight: UInt16? = nil, weightDevice: [WeightDevice]? = nil,
            throttleReadBpsDevice: [ThrottleDevice]? = nil, throttleWriteBpsDevice: [ThrottleDevice]? = nil,
            throttleReadIOPSDevice: [ThrottleDevice]? = nil, throttleWriteIOPSDevice: [ThrottleDevice]? = nil
        ) {
            self.weight = weight
            self.leafWeight = leafWeight
            self.weightDevice = weightDevice
            self.throttleReadBpsDevice = throttleReadBpsDevice
            self.throttleWriteBpsDevice = throttleWriteBpsDevice
            self.throttleReadIOPSDevice = throttleReadIOPSDevice
            self.throttleWriteIOPSDevice = throttleWriteIOPSDevice
        }

        /// A weight for one device.
        public struct WeightDevice: Codable, Sendable, Equatable {
            /// `major`.
            public var major: Int64
            /// `minor`.
            public var minor: Int64
            /// `weight`.
            public var weight: UInt16?
            /// `leafWeight`.
            public var leafWeight: UInt16?

            /// A device weight.
            /// - Parameters:
            ///   - major: the major number.
            ///   - minor: the minor number.
            ///   - weight: the weight.
            ///   - leafWeight: the leaf weight.
            public init(major: Int64, minor: Int64, weight: UInt16? = nil, leafWeight: UInt16? = nil) {
                self.major = major
                self.minor = minor
                self.weight = weight
                self.leafWeight = leafWeight
            }
        }

        /// A rate limit for one device.
        public struct ThrottleDevice: Codable, Sendable, Equatable {
            /// `major`.
            public var major: Int64
            /// `minor`.
            public var minor: Int64
            /// `rate`: bytes or operations per second.
            public var rate: UInt64

            /// A device throttle.
            /// - Parameters:
            ///   - major: the major number.
            ///   - minor: the minor number.
            ///   - rate: the rate.
            public init(major: Int64, minor: Int64, rate: UInt64) {
                self.major = major
                self.minor = minor
                self.rate = rate
            }
        }
    }
}
