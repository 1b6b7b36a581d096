import Foundation
import RegionCore

/// The wall clock the shells read, in the core's unit; the core itself only receives timestamps.
public enum WallClock {
    public static func now() -> Timestamp {
        Timestamp(milliseconds: Int64((Date().timeIntervalSince1970 * 1000).rounded()))
    }
}
